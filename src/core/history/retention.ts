/**
 * `retention-days`: drops runs older than N days, with their stages and rows. The cut-off comes from the data, not the clock —
 * the newest run's day minus N — so two copies that hold the same runs prune alike, and a merge of
 * pruned copies agrees.
 */
import type { Database } from 'sql.js'

import { STAGE_TABLES } from './export.js'
import { inTransaction } from './statements.js'

/** The cut-off (an ISO date, midnight UTC) for keeping `days` days, or undefined for an empty history. */
export function retentionCutoff(db: Database, days: number): string | undefined {
  const newest = db.exec('SELECT max(started_at) FROM chaos_runs')[0]?.values[0]?.[0]
  if (typeof newest !== 'string') return undefined
  const day = Date.parse(`${newest.slice(0, 10)}T00:00:00Z`)
  return new Date(day - days * 86_400_000).toISOString()
}

/**
 * Deletes the runs that started before the cut-off, the stages of those runs or that started before
 * it, and the rows of those stages; returns rows deleted per table.
 */
export function applyRetention(db: Database, days: number): Record<string, number> {
  const cutoff = retentionCutoff(db, days)
  const deleted: Record<string, number> = {}
  if (!cutoff || days <= 0) return deleted
  inTransaction(db, () => {
    db.run('DELETE FROM chaos_runs WHERE started_at < ?', [cutoff])
    deleted.chaos_runs = db.getRowsModified()
    db.run(
      'DELETE FROM stage_results WHERE started_at < ? OR run NOT IN (SELECT id FROM chaos_runs)',
      [cutoff]
    )
    deleted.stage_results = db.getRowsModified()
    for (const table of Object.keys(STAGE_TABLES)) {
      db.run(`DELETE FROM ${table} WHERE result NOT IN (SELECT id FROM stage_results)`)
      deleted[table] = db.getRowsModified()
    }
  })
  return deleted
}
