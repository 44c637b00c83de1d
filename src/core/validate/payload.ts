/**
 * The `validate` results file's payload (docs/results-schema.md#payload-validate) and the stage's
 * outcome. A leaf module: the stage (./execute.ts) builds them; readers import the types from here.
 */
import type { StageStatus, ValidateStatus } from '../results/status.js'
import type { ScenarioVerdict } from './judge.js'
import type { InvalidPolicy } from './options.js'
import type { PooledVerdict } from './pooled.js'

export interface ValidatePayload {
  /**
   * The step passes: status passed or warned, or insufficient-data under
   * on-insufficient-data warn.
   */
  passed: boolean
  sources: {
    results: string[]
    config: string | null
    environment: string | null
    /** The SLO layers applied, general first. */
    layers: string[]
  }
  policy: {
    invalid: InvalidPolicy
    min_samples: number
    regression_sigma: number
    fail_on_regression: boolean
  }
  history: {
    db: string | null
    branch: string | null
    runs: number
    /** Said once when there is no history to compare with. */
    note: string | null
  }
  scenarios: ScenarioVerdict[]
  /** The pooled rows: each general SLO over the scenarios held to it (see pooled.ts). */
  overall: PooledVerdict[]
  summary: {
    scenarios: number
    by_verdict: Record<string, number>
    slos: number
    failed_slos: number
    warned_slos: number
    insufficient: number
    regressions: number
    invalid: number
  }
}

/** validate's verdict: the envelope's status, and the payload it judged. */
export interface ValidateOutcome {
  status: StageStatus & { status: ValidateStatus }
  payload: ValidatePayload
}
