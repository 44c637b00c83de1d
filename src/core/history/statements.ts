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
  // sql.js's Statement has no public "freed" flag (its fields are minified): every export() and
  // close() goes through forgetStatements first, so a cached statement is always a live one
  if (!statement) statements.set(sql, (statement = db.prepare(sql)))
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

/** Runs `sql` once with `params` through its cached statement (see {@link prepared}). */
export function runPrepared(db: Database, sql: string, params: SqlValue[] = []): void {
  prepared(db, sql).run(params)
}

/**
 * Runs `body` in one transaction: committed when it returns, rolled back when it throws (and the
 * error passed on). BEGIN and COMMIT are cached statements too: an import runs one per file.
 */
export function inTransaction<T>(db: Database, body: () => T): T {
  runPrepared(db, 'BEGIN')
  try {
    const result = body()
    runPrepared(db, 'COMMIT')
    return result
  } catch (error) {
    runPrepared(db, 'ROLLBACK')
    throw error
  }
}
