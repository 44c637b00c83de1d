/** `record` for files on disk: chaos-ci results files and the seed's reports, told apart by shape. */
import type { Database } from 'sql.js'

import { describeError, UserError } from '../errors.js'
import { parseResults } from '../results/codec.js'
import { readResultsText } from '../results/files.js'
import { type Added, recordResults } from './record.js'
import { isSeedHealer, isSeedInjector, recordSeedHealer, recordSeedInjector } from './seed.js'

const readText = (file: string): Promise<string> =>
  readResultsText(
    file,
    "Check the path: record takes results files (chaos-results/*.json) or the seed's reports."
  )

/** Imports one file; throws a UserError naming it when it is neither a results file nor a seed report. */
export async function recordFile(db: Database, file: string): Promise<Added> {
  return recordText(db, file, await readText(file))
}

/** Imports one file's text (as recordFile, once it is read). */
function recordText(db: Database, file: string, text: string): Added {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    data = undefined
  }
  if (isSeedInjector(data)) return recordSeedInjector(db, data)
  if (isSeedHealer(data)) return recordSeedHealer(db, data)
  if (data !== undefined && (typeof data !== 'object' || data === null || !('schema' in data))) {
    throw new UserError(
      'is neither a chaos-ci results file nor a seed report (no "schema", "total_scenarios" or "total_attempts").',
      "Pass chaos-results/*.json files or the seed's chaos_results.json / healing report.",
      { file }
    )
  }
  const results = parseResults(file, text)
  try {
    return recordResults(db, results)
  } catch (error) {
    // recordResults rolled its transaction back: nothing of this file is in the database
    throw new UserError(
      `is a ${results.stage} results file whose payload chaos-ci cannot read (${(error as Error).message}); nothing of it was recorded.`,
      'Record the files the chaos-ci steps wrote; a file edited or written by another tool may not have their shape.',
      { file }
    )
  }
}

export interface Recorded {
  /** Rows added, per file recorded. */
  files: Array<{ file: string; added: Added }>
  /** Files that could not be recorded, and why; the others were recorded all the same. */
  skipped: Array<{ file: string; problem: string }>
}

/**
 * Files read ahead of the one being recorded. Each read is a few calls to the thread pool; one at a
 * time, their round trips were most of a 2,000-file record (the main thread idle half the run).
 */
const READ_AHEAD = 32

/**
 * Imports every file it can, in the order given; one bad file costs only itself, never the others'
 * rows. Files are read up to READ_AHEAD ahead, while the database takes them one by one.
 */
export async function recordFiles(db: Database, files: readonly string[]): Promise<Recorded> {
  const recorded: Recorded = { files: [], skipped: [] }
  const reads: Array<Promise<string> | undefined> = []
  const read = (i: number): void => {
    if (i >= files.length) return
    const pending = readText(files[i]!)
    // settled later, in order; a rejection is handled there, never left unobserved
    pending.catch(() => undefined)
    reads[i] = pending
  }
  for (let i = 0; i < READ_AHEAD; i++) read(i)
  for (const [i, file] of files.entries()) {
    try {
      const text = await reads[i]!
      recorded.files.push({ file, added: recordText(db, file, text) })
    } catch (error) {
      if (!(error instanceof UserError)) throw error
      recorded.skipped.push({ file, problem: describeError(error) })
    } finally {
      reads[i] = undefined
      read(i + READ_AHEAD)
    }
  }
  return recorded
}
