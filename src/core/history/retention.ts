/**
 * `retention-days`: drops rows older than N days. The cut-off comes from the data, not the clock —
 * the newest run's day minus N — so two copies that hold the same runs prune alike, and a merge of
 * pruned copies agrees.
 */
import type { Database } from 'sql.js'

/** Each table and the column that dates its rows. */
const DATED: ReadonlyArray<[string, string]> = [
  ['chaos_failures', 'occurred_at'],
  ['healing_attempts', 'started_at'],
  ['dependency_changes', 'changed_at'],
  ['scenario_results', 'started_at'],
  ['audit_findings', 'found_at'],
  ['stage_results', 'started_at'],
  ['chaos_runs', 'started_at']
]

/** The cut-off (an ISO date, midnight UTC) for keeping `days` days, or undefined for an empty history. */
export function retentionCutoff(db: Database, days: number): string | undefined {
  const newest = db.exec('SELECT max(started_at) FROM chaos_runs')[0]?.values[0]?.[0]
  if (typeof newest !== 'string') return undefined
  const day = Date.parse(`${newest.slice(0, 10)}T00:00:00Z`)
  return new Date(day - days * 86_400_000).toISOString()
}

/** Deletes rows dated before the cut-off; returns rows deleted per table. */
export function applyRetention(db: Database, days: number): Record<string, number> {
  const cutoff = retentionCutoff(db, days)
  const deleted: Record<string, number> = {}
  if (!cutoff || days <= 0) return deleted
  db.exec('BEGIN')
  try {
    for (const [table, column] of DATED) {
      db.run(`DELETE FROM ${table} WHERE ${column} < ?`, [cutoff])
      deleted[table] = db.getRowsModified()
    }
    for (const table of ['scenario_metrics', 'slo_results', 'scenario_verdicts']) {
      db.run(`DELETE FROM ${table} WHERE result_key NOT IN (SELECT result_key FROM stage_results)`)
      deleted[table] = db.getRowsModified()
    }
    db.exec('COMMIT')
  } catch (error) {
    db.exec('ROLLBACK')
    throw error
  }
  return deleted
}
