/**
 * Merging two history databases is a union: every row of `source` is inserted into `target` under
 * its natural key (ON CONFLICT DO NOTHING), so merging in any order, any number of times, agrees;
 * each run's span is then its stages' (./runs.ts), whichever copy held which stage. Ids differ
 * between copies, so a stage's id in `source` is mapped to its id in `target` by its natural key.
 */
import type { Database, SqlValue } from 'sql.js'

import { STAGE_TABLES } from './export.js'
import { runId, stageId } from './record.js'
import { settleRuns } from './runs.js'

/** Inserts every row of `sql`'s result into `table`, `map`ping the named column; returns rows added. */
function copyRows(
  target: Database,
  source: Database,
  table: string,
  sql: string,
  map: { column: string; to: (value: SqlValue) => SqlValue }
): number {
  const result = source.exec(sql)[0]
  if (!result) return 0
  const columns = result.columns.filter(column => column !== 'id')
  const pick = columns.map(column => result.columns.indexOf(column))
  const mapped = columns.indexOf(map.column)
  const statement = target.prepare(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`
  )
  let count = 0
  try {
    for (const values of result.values) {
      const row = pick.map(i => values[i] ?? null)
      row[mapped] = map.to(row[mapped]!)
      statement.run(row)
      count += target.getRowsModified()
    }
  } finally {
    statement.free()
  }
  return count
}

/** Each stage of `source` by id, as its id in `target` (every stage of `source` is in `target`). */
function stageIds(target: Database, source: Database): Map<number, number> {
  const ids = new Map<number, number>()
  const rows = source.exec(
    'SELECT s.id, r.run_key, s.step, s.stage FROM stage_results s JOIN chaos_runs r ON r.id = s.run'
  )[0]
  for (const [id, key, step, stage] of rows?.values ?? [])
    ids.set(Number(id), stageId(target, runId(target, String(key)), String(step), String(stage)))
  return ids
}

/** Copies every row of `source` missing from `target`; returns rows added per table. */
export function mergeInto(target: Database, source: Database): Record<string, number> {
  const added: Record<string, number> = {}
  target.exec('BEGIN')
  try {
    const same = { column: 'source', to: (value: SqlValue) => value }
    added.chaos_runs = copyRows(
      target,
      source,
      'chaos_runs',
      'SELECT * FROM chaos_runs ORDER BY id',
      same
    )
    added.stage_results = copyRows(
      target,
      source,
      'stage_results',
      'SELECT r.run_key AS run, s.step, s.stage, s.status, s.status_reason, s.started_at, s.finished_at, s.duration_ms, s.tool_version, s.payload FROM stage_results s JOIN chaos_runs r ON r.id = s.run ORDER BY s.id',
      { column: 'run', to: key => runId(target, String(key)) }
    )
    const ids = stageIds(target, source)
    for (const [table, key] of Object.entries(STAGE_TABLES))
      added[table] = copyRows(
        target,
        source,
        table,
        `SELECT * FROM ${table} ORDER BY result, ${key}`,
        {
          column: 'result',
          to: id => ids.get(Number(id)) ?? null
        }
      )
    settleRuns(target)
    target.exec('COMMIT')
  } catch (error) {
    target.exec('ROLLBACK')
    throw error
  }
  return added
}
