/**
 * The `inject` results file's payload (docs/results-schema.md#payload-inject): plain data, snake_case.
 * A leaf module: the stage (./inject.ts) builds it, and every reader imports its types from here.
 */
import type { SloTargets } from '../scenarios/model.js'
import type { TrafficRequest } from '../traffic/requests.js'
import type { ExperimentSummary, ScenarioResult } from './result.js'
import type { Safety } from './safety.js'

export interface PlanEntry {
  name: string
  type: string
  intensity: string
  duration_s: number
  status: 'planned' | 'not-supported' | 'skipped'
  reason: string | null
  fault: string
  expected_seconds: number
  /** A dry run's look at the fault's target: found (true), not found (false), not checked (null). */
  target_check: { found: boolean | null; detail: string } | null
}

export interface InjectPayload {
  config: string
  target_url: string | null
  health_url: string | null
  seed: number
  dry_run: boolean
  selection: {
    group: string | null
    scenarios: string[]
    intensity: string | null
    environment: string | null
  }
  slo_targets: SloTargets
  timing: TimingPayload
  /** The file's safety section as enforced: abort conditions and the run's bound. */
  safety: SafetyPayload
  traffic: { rate: number; request_timeout_ms: number; requests: TrafficRequest[] }
  plan: PlanEntry[]
  expected_seconds: number
  scenarios: ScenarioResult[]
  summary: ExperimentSummary
}

/** The experiment's timing as written (ms), with the baseline's error bound. */
export interface TimingPayload {
  baseline_ms: number
  slice_ms: number
  required_slices: number
  max_recovery_ms: number
  cooldown_ms: number
  max_baseline_error_percent: number
}

/** The safety section as enforced: abort conditions and the whole run's bound (ms; null for none). */
export interface SafetyPayload {
  abort: Safety['abort']
  max_total_ms: number | null
}
