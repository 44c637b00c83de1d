/**
 * Whose database is this (issue #18, item 5)? A chaos-ci history carries
 * `PRAGMA application_id` = APPLICATION_ID. Versions before it did not set one: such a file is known
 * by its user_version and its own tables, and adopted — migrate() sets the id. A SQLite file with
 * no tables and no version is a new history. Anything else belongs to another application and is
 * refused, never given chaos-ci's tables.
 */
import type { Database } from 'sql.js'

import { UserError } from '../errors.js'
import { APPLICATION_ID, FIRST_TABLES } from './schema.js'

/** The fix for a file that is not a chaos-ci history. */
export const NOT_OURS_FIX =
  "It was left untouched. Point the history database (--db, or the history action's db input) at the chaos-ci history or at a new path, or move this file away."

export function applicationId(db: Database): number {
  return Number(db.exec('PRAGMA application_id')[0]?.values[0]?.[0] ?? 0)
}

function names(db: Database): string[] {
  const result = db.exec("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")[0]
  return (result?.values ?? []).map(([name]) => String(name))
}

/** Why `db` is not a chaos-ci history (nor a new one), or undefined when it is. */
function foreignBecause(db: Database): string | undefined {
  const id = applicationId(db)
  if (id === APPLICATION_ID) return undefined
  if (id !== 0) return `its application_id is 0x${(id >>> 0).toString(16).padStart(8, '0')}`
  const version = Number(db.exec('PRAGMA user_version')[0]?.values[0]?.[0] ?? 0)
  const present = names(db)
  if (version === 0 && present.length === 0) return undefined // empty: a new history
  if (version > 0 && FIRST_TABLES.every(table => present.includes(table))) return undefined
  const shown = present.slice(0, 5).join(', ') + (present.length > 5 ? ', …' : '')
  if (version === 0 && present.includes('chaos_runs'))
    return `it has the seed's tables (${shown}) but no chaos-ci schema version: the seed's own database? chaos-ci reads the seed's JSON reports instead (chaos-ci history import-seed)`
  return present.length > 0
    ? `it holds tables chaos-ci did not create (${shown})`
    : `it has user_version ${version} but no chaos-ci tables`
}

/** Throws a UserError naming `file` when `db` is another application's database. */
export function refuseForeign(db: Database, file: string): void {
  const why = foreignBecause(db)
  if (why)
    throw new UserError(
      `is a SQLite database of another application, not a chaos-ci history: ${why}.`,
      NOT_OURS_FIX,
      { file }
    )
}

/** Marks `db` as a chaos-ci history (new, or adopted from a version before the id). */
export function claim(db: Database): void {
  if (applicationId(db) !== APPLICATION_ID) db.exec(`PRAGMA application_id = ${APPLICATION_ID}`)
}
