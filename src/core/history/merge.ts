/**
 * Merging two history databases is a union: every row of `source` is inserted into `target` under
 * its natural key (ON CONFLICT DO NOTHING), so merging in any order, any number of times, agrees;
 * each run's span is then its stages' (./runs.ts), whichever copy held which stage.
 */
import type { Database } from 'sql.js'

import { TABLES } from './export.js'
import { settleRuns } from './runs.js'

/** Copies every row of `source` missing from `target`; returns rows added per table. */
export function mergeInto(target: Database, source: Database): Record<string, number> {
  const added: Record<string, number> = {}
  target.exec('BEGIN')
  try {
    for (const table of TABLES) {
      const result = source.exec(`SELECT * FROM ${table} ORDER BY id`)[0]
      if (!result) continue
      const columns = result.columns.filter(column => column !== 'id')
      const pick = columns.map(column => result.columns.indexOf(column))
      const statement = target.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`
      )
      let count = 0
      for (const values of result.values) {
        statement.run(pick.map(i => values[i] ?? null))
        count += target.getRowsModified()
      }
      statement.free()
      added[table] = count
    }
    settleRuns(target)
    target.exec('COMMIT')
  } catch (error) {
    target.exec('ROLLBACK')
    throw error
  }
  return added
}
