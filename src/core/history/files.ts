/** `record` for files on disk: chaos-ci results files and the seed's reports, told apart by shape. */
import type { Database } from 'sql.js'

import { UserError } from '../errors.js'
import { parseResults } from '../results/codec.js'
import { readUserFile } from '../user-file.js'
import { type Added, recordResults } from './record.js'
import { isSeedHealer, isSeedInjector, recordSeedHealer, recordSeedInjector } from './seed.js'

/** Imports one file; throws a UserError naming it when it is neither a results file nor a seed report. */
export async function recordFile(db: Database, file: string): Promise<Added> {
  const text = await readUserFile(
    file,
    'results file',
    "Check the path: record takes results files (chaos-results/*.json) or the seed's reports."
  )
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
  return recordResults(db, parseResults(file, text))
}
