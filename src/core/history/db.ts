/**
 * The history database file: opened only when it is a chaos-ci SQLite file (./identity.ts) whose
 * bytes pass a check and is not newer than this code, migrated forward, and saved atomically (a temp
 * file, synced, then a rename). A database that is refused is never overwritten. Writers change it
 * only through {@link updateHistory} (or under {@link withLock} themselves).
 *
 * The full `PRAGMA integrity_check` reads every page (436 ms of a 1 s report over two years, issue
 * #22), so it runs where damage can enter: a copy restored from the cache, imported from the data
 * branch, or merged in (`check: 'full'`). Every other open checks the header against the file's
 * length, which catches a truncated or overwritten file at no cost; SQLite still reports a damaged
 * page it reads, and a write that hits one is never saved.
 */
import { existsSync } from 'node:fs'
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import path from 'node:path'

import type { Database } from 'sql.js'

import { UserError } from '../errors.js'
import { claim, refuseForeign } from './identity.js'
import { type LockOptions, withLock } from './lock.js'
import { MIGRATIONS, SCHEMA_VERSION } from './schema.js'
import { loadSqlJs } from './sqljs.js'
import { forgetStatements, inTransaction } from './statements.js'

/** Reads one integer from a query. */
export function scalar(
  db: Database,
  sql: string,
  params: Array<string | number | null> = []
): number {
  const result = db.exec(sql, params)
  return Number(result[0]?.values[0]?.[0] ?? 0)
}

/** Every row of a query, as objects keyed by column. */
export function queryRows<T>(
  db: Database,
  sql: string,
  params: Array<string | number | null> = []
): T[] {
  const statement = db.prepare(sql)
  try {
    statement.bind(params)
    const rows: T[] = []
    while (statement.step()) rows.push(statement.getAsObject() as T)
    return rows
  } finally {
    statement.free()
  }
}

export function schemaVersion(db: Database): number {
  return scalar(db, 'PRAGMA user_version')
}

/**
 * Applies the migrations after `version` (each with its user_version bump, in one transaction), and
 * sets chaos-ci's application_id where it is missing (a new file, or one from before the id).
 */
export function migrate(db: Database): number {
  const from = schemaVersion(db)
  for (let version = from; version < SCHEMA_VERSION; version++) {
    inTransaction(db, () => {
      db.exec(MIGRATIONS[version]!)
      db.exec(`PRAGMA user_version = ${version + 1}`)
    })
  }
  claim(db)
  return from
}

/** How a database's bytes are checked on open: the header against the length, or every page. */
export type Check = 'header' | 'full'

/** The header's page size (1 stands for 65,536), or 0 when it is not a power of two from 512. */
function pageSize(bytes: Uint8Array): number {
  const raw = (bytes[16]! << 8) | bytes[17]!
  const size = raw === 1 ? 65536 : raw
  return size >= 512 && (size & (size - 1)) === 0 ? size : 0
}

/**
 * Why the header does not match the file (a truncated, padded or overwritten file), or undefined.
 * The page count at offset 28 is trusted when offset 92 equals the change counter at 24, as SQLite
 * itself does; otherwise the length must be whole pages.
 */
export function headerProblem(bytes: Uint8Array): string | undefined {
  const size = pageSize(bytes)
  if (bytes.length < 100 || size === 0) return 'its header is damaged'
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const pages = view.getUint32(28)
  const trusted = pages > 0 && view.getUint32(92) === view.getUint32(24)
  if (trusted && pages * size !== bytes.length)
    return `its header says ${pages} pages of ${size} bytes (${pages * size} bytes) but the file holds ${bytes.length}: it was cut short or overwritten`
  if (bytes.length % size !== 0) return `its ${bytes.length} bytes are not whole ${size}-byte pages`
  return undefined
}

/** Throws when `db` fails `PRAGMA integrity_check`. */
function integrityCheck(db: Database): void {
  const check = db.exec('PRAGMA integrity_check')[0]?.values[0]?.[0]
  if (check !== 'ok') throw new Error(String(check))
}

/**
 * Checks a database's bytes (see {@link Check}); throws a UserError naming `file` when they cannot
 * be trusted.
 */
export async function openBytes(
  file: string,
  bytes: Uint8Array | undefined,
  check: Check = 'header'
): Promise<Database> {
  const SQL = await loadSqlJs()
  const fix = 'It was left untouched. Restore a good copy, or move it aside to start a new history.'
  if (bytes?.length === 0)
    throw new UserError(
      'is empty (0 bytes): it is not a chaos-ci history.',
      "Delete it to start a new history, or point the history database (--db, or the history action's db input) at the right file.",
      { file }
    )
  if (
    bytes &&
    bytes.length > 0 &&
    Buffer.from(bytes.subarray(0, 16)).toString('latin1') !== 'SQLite format 3\0'
  ) {
    throw new UserError('is not a SQLite database.', fix, { file })
  }
  const damaged = bytes && headerProblem(bytes)
  if (damaged) throw new UserError(`is damaged: ${damaged}.`, fix, { file })
  let db: Database | undefined
  try {
    db = new SQL.Database(bytes)
    // the database lives in sql.js's in-memory file system until saveHistory writes it whole
    // (atomically), so a journal file there adds no safety: keeping it in memory still rolls a
    // transaction back, without writing each page twice (issue #22: a third of record's SQL time)
    db.exec('PRAGMA journal_mode = MEMORY')
    if (check === 'full') integrityCheck(db)
  } catch (error) {
    db?.close()
    throw new UserError(`fails the integrity check (${(error as Error).message}).`, fix, { file })
  }
  try {
    refuseForeign(db, file)
  } catch (error) {
    db.close()
    throw error
  }
  const version = schemaVersion(db)
  if (version > SCHEMA_VERSION) {
    db.close()
    throw new UserError(
      `was written by a newer chaos-ci (schema ${version}; this version knows ${SCHEMA_VERSION}).`,
      'Upgrade chaos-ci; the file was left untouched.',
      { file }
    )
  }
  migrate(db)
  return db
}

/** Opens (or creates, when missing) the database at `file`, checked (see {@link Check}) and migrated. */
export async function openHistory(file: string, check: Check = 'header'): Promise<Database> {
  const bytes = existsSync(file) ? await readFile(file) : undefined
  return openBytes(file, bytes, check)
}

/** Makes a rename in `dir` durable; best effort, as not every platform can open a folder. */
async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined)
  await handle?.sync().catch(() => undefined)
  await handle?.close()
}

/**
 * Writes the database to `file` atomically: a temp file beside it, then a rename. When the write
 * fails (a full disk, a quota) the temp file is removed and `file` is left exactly as it was.
 */
export async function saveHistory(db: Database, file: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true })
  const temp = `${file}.${process.pid}.tmp`
  try {
    const handle = await open(temp, 'w')
    try {
      forgetStatements(db)
      await handle.writeFile(db.export())
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, file)
    await syncFolder(path.dirname(path.resolve(file)))
  } catch (error) {
    await rm(temp, { force: true })
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG')
      throw new UserError(
        `the history could not be written: ${code === 'ENOSPC' ? 'the disk is full' : 'over the disk quota'}. The file was left as it was.`,
        'Free space (or raise the quota) and record again: recording the same results files adds nothing twice.',
        { file }
      )
    throw error
  }
}

/**
 * Changes the history at `file` as one writer among many: under its lock, re-reads it from disk
 * (another writer may have replaced it while this one waited), applies `change` and replaces the
 * file atomically. When `change` throws, nothing is written.
 */
export async function updateHistory<T>(
  file: string,
  change: (db: Database) => Promise<T>,
  options: LockOptions = {}
): Promise<T> {
  return withLock(
    file,
    async () => {
      const db = await openHistory(file)
      try {
        const result = await change(db)
        await saveHistory(db, file)
        return result
      } finally {
        db.close()
      }
    },
    options
  )
}
