/**
 * A scenario's past measurements, for validate's baseline: the metrics rows `inject` left in the
 * history database, newest first, from the runs of one branch.
 */
import type { Database } from 'sql.js'

import type { PhaseNumbers, ScenarioNumbers } from '../slo/measure.js'
import { queryRows } from './db.js'

export interface HistoryQuery {
  scenario: string
  /** Only runs on this branch (`main` matches `refs/heads/main`); null: every branch. */
  branch: string | null
  /** At most this many runs, newest first. */
  limit: number
  /** Runs (GITHUB_RUN_ID) left out: the one being validated. */
  excludeRunIds: readonly string[]
}

interface MetricsRow {
  phase: string
  samples: number | null
  availability_percent: number | null
  p50_ms: number | null
  p95_ms: number | null
  p99_ms: number | null
  throughput_rps: number | null
  recovery_seconds: number | null
}

function phaseFromRow(row: MetricsRow): PhaseNumbers {
  const requests = row.samples ?? 0
  const availability = row.availability_percent ?? 0
  const kept: Record<string, number | null> = { p50: row.p50_ms, p95: row.p95_ms, p99: row.p99_ms }
  return {
    requests,
    ok: Math.round((requests * availability) / 100),
    okPerSecond: ((row.throughput_rps ?? 0) * availability) / 100,
    latency: stat => kept[stat] ?? null
  }
}

/** The scenario's measurements in past runs that ran it (passed or failed), newest first. */
export function scenarioHistory(db: Database, query: HistoryQuery): ScenarioNumbers[] {
  const branchRefs = query.branch === null ? null : [query.branch, `refs/heads/${query.branch}`]
  const past = queryRows<{ result: number; seq: number; status: string }>(
    db,
    `SELECT sr.result, sr.seq, sr.status
       FROM scenario_results sr
       JOIN stage_results st ON st.id = sr.result
       JOIN chaos_runs r ON r.id = st.run
      WHERE sr.scenario = ? AND sr.status IN ('passed', 'failed')
        AND (? IS NULL OR r.ref IN (?, ?))
        AND r.run_id NOT IN (${query.excludeRunIds.map(() => '?').join(', ') || "''"})
      ORDER BY sr.started_at DESC
      LIMIT ?`,
    [
      query.scenario,
      branchRefs === null ? null : 1,
      branchRefs?.[0] ?? null,
      branchRefs?.[1] ?? null,
      ...query.excludeRunIds,
      query.limit
    ]
  )
  return past.map(({ result, seq, status }) => {
    const phases = Object.fromEntries(
      queryRows<MetricsRow>(
        db,
        `SELECT phase, samples, availability_percent, p50_ms, p95_ms, p99_ms, throughput_rps, recovery_seconds
           FROM scenario_metrics WHERE result = ? AND seq = ?`,
        [result, seq]
      ).map(row => [row.phase, row])
    ) as Partial<Record<'baseline' | 'inject' | 'recovery', MetricsRow>>
    const recoverySeconds = phases.recovery?.recovery_seconds ?? null
    return {
      ...(phases.baseline ? { baseline: phaseFromRow(phases.baseline) } : {}),
      ...(phases.inject ? { inject: phaseFromRow(phases.inject) } : {}),
      ...(phases.recovery ? { recovery: phaseFromRow(phases.recovery) } : {}),
      recoverySeconds,
      recovered: recoverySeconds !== null ? true : status === 'failed' ? false : null,
      recoveryMaxSeconds: null
    }
  })
}
