/** What one experiment run produced: per scenario, its phases, recovery, efficacy and journal. */
import type { Efficacy } from '../faults/plugin.js'
import type { HttpJournal } from '../proxy/http-proxy.js'
import type { InjectStatus, StageStatus } from '../results/status.js'
import type { LatencySummary } from '../traffic/latency.js'
import type { PhaseSummary } from '../traffic/phase.js'
import type { RecoveryFigures } from './recovery.js'
import type { UndoReport } from './rollback.js'

export const SCENARIO_STATUSES = [
  'passed',
  'failed',
  'invalid',
  'steady-state-not-met',
  'not-supported',
  'skipped',
  'aborted',
  'interrupted',
  'error'
] as const
export type ScenarioStatus = (typeof SCENARIO_STATUSES)[number]

/**
 * One phase as stored: the traffic's summary (counts, rates, slices, send lag) with the latency
 * percentiles in milliseconds at the top level, and the phase's HdrHistogram (µs), compressed
 * base64, for tools that merge histograms. `unsent`, `held_up` and `behind` are absent from files
 * written before they were counted (read as 0, 0 and null).
 */
export type PhaseResult = Omit<
  PhaseSummary,
  'name' | 'latency_ms' | 'unsent' | 'held_up' | 'behind'
> &
  Partial<Pick<PhaseSummary, 'unsent' | 'held_up' | 'behind'>> &
  Omit<LatencySummary, 'count'> & { hdr: string }

/** Recovery as measured (docs/slos.md "Recovery, outage and MTTR"); times in ms. */
export interface RecoveryResult extends Partial<RecoveryFigures> {
  /**
   * Steady state met again (N good slices in a row after the rollback, within max_ms of it) and the
   * time to recover within max_ms; true too when the service never left steady state.
   */
  recovered: boolean
  /**
   * Time to recover: from the first bad request (the service left steady state, during or after the
   * fault) to the last bad one before the good run; null if it never deviated or never recovered.
   */
  time_ms: number | null
  required_slices: number
  slice_ms: number
  max_ms: number
  /** A good slice has no errors and its p99 at or under this. */
  good_p99_ms: number
}

export interface ScenarioResult {
  name: string
  type: string
  intensity: string
  duration_s: number
  status: ScenarioStatus
  /** Why, in words, for every status but passed. */
  reason: string | null
  fault: string
  details: Record<string, unknown>
  seed: number
  started_at: string
  elapsed_ms: number
  steady_state: { healthy: boolean; detail: string } | null
  phases: { baseline?: PhaseResult; inject?: PhaseResult; recovery?: PhaseResult }
  degradation_ms: { p50: number; p95: number; p99: number } | null
  recovery: RecoveryResult | null
  efficacy: Efficacy | null
  journal: { http?: HttpJournal; proxy?: ProxyJournal }
  rollback: UndoReport[]
}

/** The TCP proxy's counters for a scenario, as stored. */
export interface ProxyJournal {
  connections: number
  active: number
  bytes_upstream: number
  bytes_downstream: number
  /** Connections closed by a toxic (timeout, reset_peer, limit_data) or by `down`. */
  cut: number
}

/** Counts by status, and MTTR as the mean of *measured* recoveries. */
export interface ExperimentSummary {
  scenarios: number
  by_status: Record<ScenarioStatus, number>
  /** passed + failed + invalid + aborted: the scenarios whose fault ran. */
  run: number
  /** failed + aborted + steady-state-not-met + interrupted + error. */
  failed: number
  invalid: number
  /** The mean of the measured times to recover; null when none was measured. */
  mttr_seconds: number | null
  recoveries_measured: number
  /** Scenarios whose fault ran and whose service never left steady state: no recovery to count. */
  never_deviated: number
}

/** Counts and MTTR of the scenarios run. */
export function summarizeResults(results: ScenarioResult[]): ExperimentSummary {
  const by_status = Object.fromEntries(SCENARIO_STATUSES.map(status => [status, 0])) as Record<
    ScenarioStatus,
    number
  >
  for (const result of results) by_status[result.status]++
  const recoveries = results.flatMap(result =>
    result.recovery?.recovered && result.recovery.time_ms !== null ? [result.recovery.time_ms] : []
  )
  const run = by_status.passed + by_status.failed + by_status.invalid + by_status.aborted
  const failed =
    by_status.failed +
    by_status.aborted +
    by_status['steady-state-not-met'] +
    by_status.interrupted +
    by_status.error
  return {
    scenarios: results.length,
    by_status,
    run,
    failed,
    invalid: by_status.invalid,
    mttr_seconds: recoveries.length
      ? Math.round(recoveries.reduce((a, b) => a + b, 0) / recoveries.length) / 1000
      : null,
    recoveries_measured: recoveries.length,
    never_deviated: results.filter(result => result.recovery?.deviated === false).length
  }
}

/**
 * inject's one status, set in its results file's envelope: `planned` for a dry run, `failed` when a
 * scenario failed or was invalid, `passed` when a fault ran, else `nothing-ran` (with why).
 */
export function injectStatus(payload: {
  dry_run: boolean
  scenarios: ScenarioResult[]
  summary: ExperimentSummary
}): StageStatus & { status: InjectStatus } {
  const { scenarios: results, summary } = payload
  if (payload.dry_run) return { status: 'planned', status_reason: null }
  if (summary.failed + summary.invalid > 0)
    return {
      status: 'failed',
      status_reason: `${summary.failed} scenario(s) failed${summary.invalid ? `, ${summary.invalid} invalid` : ''}`
    }
  if (summary.run > 0) return { status: 'passed', status_reason: null }
  const why = [...new Set(results.map(r => `${r.status}: ${r.reason ?? 'no reason given'}`))]
  return {
    status: 'nothing-ran',
    status_reason: results.length
      ? `no scenario's fault ran (${results.length} scenario(s): ${why.slice(0, 3).join('; ')}${why.length > 3 ? '; …' : ''})`
      : 'no scenario was selected to run'
  }
}

/** A result before anything ran: the status and reason are filled in by the caller. */
export function newResult(
  scenario: { name: string; type: string; intensity: string; duration: number },
  fault: string,
  status: ScenarioStatus,
  reason: string | null,
  seed = 0
): ScenarioResult {
  return {
    name: scenario.name,
    type: scenario.type,
    intensity: scenario.intensity,
    duration_s: scenario.duration,
    status,
    reason,
    fault,
    details: {},
    seed,
    started_at: new Date().toISOString(),
    elapsed_ms: 0,
    steady_state: null,
    phases: {},
    degradation_ms: null,
    recovery: null,
    efficacy: null,
    journal: {},
    rollback: []
  }
}
