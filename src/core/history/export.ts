/**
 * `history export`: every table as JSON, or one JSON object per row (JSONL, append-friendly). Rows
 * carry the natural keys (`run_key`, `result_key`), in the columns and order of schema 5, whatever
 * ids the tables use inside: the data branch's JSONL appends only lines it lacks, so a line must stay
 * the same across versions.
 */
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

export type Table = (typeof TABLES)[number]

/** The tables whose rows belong to a stage (column `result`, the stage's id), and their keys. */
export const STAGE_TABLES: Readonly<
  Record<Exclude<Table, 'chaos_runs' | 'stage_results'>, string>
> = {
  chaos_failures: 'seq',
  healing_attempts: 'attempt',
  dependency_changes: 'seq',
  scenario_results: 'seq',
  scenario_metrics: 'seq, phase',
  slo_results: 'scenario, slo',
  scenario_verdicts: 'seq',
  audit_findings: 'seq'
}

/** A stage's natural key, from its row `s` and its run's `r`. */
export const RESULT_KEY = "r.run_key || '|' || s.step || '|' || s.stage"

/** The SELECT of a table's rows with their natural keys; the column `result` is left out after. */
function selectOf(table: Table): string {
  if (table === 'chaos_runs') return 'SELECT * FROM chaos_runs ORDER BY id'
  if (table === 'stage_results')
    return `SELECT ${RESULT_KEY} AS result_key, r.run_key, s.stage, NULLIF(s.step, '') AS step,
                   s.status, s.started_at, s.finished_at, s.duration_ms, s.tool_version, s.payload,
                   s.status_reason
              FROM stage_results s JOIN chaos_runs r ON r.id = s.run ORDER BY s.id`
  return `SELECT ${RESULT_KEY} AS result_key, c.*
            FROM ${table} c JOIN stage_results s ON s.id = c.result JOIN chaos_runs r ON r.id = s.run
           ORDER BY c.result, ${STAGE_TABLES[table]}`
}

/** Rows of each table, without the surrogate ids, in a stable order. */
export function exportTables(db: Database): Record<string, Array<Record<string, unknown>>> {
  const out: Record<string, Array<Record<string, unknown>>> = {}
  for (const table of TABLES) {
    const result = db.exec(selectOf(table))[0]
    const columns = result?.columns ?? []
    const rows: Array<Record<string, unknown>> = []
    for (const values of result?.values ?? []) {
      const row: Record<string, unknown> = {}
      columns.forEach((column, i) => {
        if (column !== 'id' && column !== 'result') row[column] = values[i]
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
