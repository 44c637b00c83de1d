/**
 * Prepared statements, kept per database: an import runs the same few INSERTs thousands of times,
 * and compiling each one again cost most of `record`'s time (issue #22). sql.js frees every
 * statement when the database is exported or closed, so {@link forgetStatements} drops them first.
 */
import type { Database, SqlValue, Statement } from 'sql.js'

const cache = new WeakMap<Database, Map<string, Statement>>()

/** The statement for `sql` on `db`, compiled once. */
export function prepared(db: Database, sql: string): Statement {
  let statements = cache.get(db)
  if (!statements) cache.set(db, (statements = new Map<string, Statement>()))
  let statement = statements.get(sql)
  // a statement sql.js freed (an export() its caller made directly) has `stmt` 0: compile it again
  if (!statement || !(statement as unknown as { stmt: number }).stmt)
    statements.set(sql, (statement = db.prepare(sql)))
  return statement
}

/** Runs `sql` with `params` and returns the first column of its first row (null with none). */
export function firstValue(db: Database, sql: string, params: SqlValue[]): SqlValue {
  const statement = prepared(db, sql)
  try {
    statement.bind(params)
    return statement.step() ? (statement.get()[0] ?? null) : null
  } finally {
    statement.reset()
  }
}

/** Forgets `db`'s statements: call it before `db.export()` or `db.close()`, which free them. */
export function forgetStatements(db: Database): void {
  cache.delete(db)
}
