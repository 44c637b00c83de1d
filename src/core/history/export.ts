/** `history export`: every table as JSON, or one JSON object per row (JSONL, append-friendly). */
import type { Database } from 'sql.js'

export const TABLES = [
  'chaos_runs',
  'stage_results',
  'chaos_failures',
  'healing_attempts',
  'dependency_changes',
  'scenario_results',
  'scenario_metrics',
  'slo_results',
  'scenario_verdicts',
  'audit_findings'
] as const

/** Rows of each table, without the surrogate `id`, in a stable order. */
export function exportTables(db: Database): Record<string, Array<Record<string, unknown>>> {
  const out: Record<string, Array<Record<string, unknown>>> = {}
  for (const table of TABLES) {
    const result = db.exec(`SELECT * FROM ${table} ORDER BY id`)[0]
    const columns = result?.columns ?? []
    const rows: Array<Record<string, unknown>> = []
    for (const values of result?.values ?? []) {
      const row: Record<string, unknown> = {}
      columns.forEach((column, i) => {
        if (column !== 'id') row[column] = values[i]
      })
      rows.push(row)
    }
    out[table] = rows
  }
  return out
}

/** JSONL: one `{"table": …, "row": {…}}` per line. */
export function exportJsonl(db: Database): string {
  const tables = exportTables(db)
  return Object.entries(tables)
    .flatMap(([table, rows]) => rows.map(row => JSON.stringify({ table, row })))
    .join('\n')
}
