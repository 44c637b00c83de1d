/** A scenario's verdict from what ran: the abort condition, the fault's efficacy, the recovery. */
import type { Efficacy } from '../faults/plugin.js'
import type { PhaseSummary } from '../traffic/phase.js'
import type { RecoveryResult, ScenarioStatus } from './result.js'

/**
 * A fault that "did not land" while most requests failed outright (the service died, or went
 * away) was not measured, not absent: its efficacy is unknown, so the verdict rests on recovery.
 */
export function unmeasurable(efficacy: Efficacy, inject: PhaseSummary): Efficacy {
  const errors = inject.error_rate_percent ?? 0
  if (efficacy.landed !== false || errors < 50) return efficacy
  return {
    landed: null,
    detail: `${efficacy.detail}; not judged: ${errors}% of requests failed during the fault`
  }
}

/**
 * The verdict of a scenario whose fault ran: an abort condition first, then a fault that did not
 * land (the run says nothing about the service), then recovery in time.
 */
export function verdict(
  abort: string | null,
  efficacy: Efficacy,
  recovery: RecoveryResult
): { status: ScenarioStatus; reason: string | null } {
  if (abort) return { status: 'aborted', reason: abort }
  if (efficacy.landed === false)
    return { status: 'invalid', reason: `the fault did not visibly land: ${efficacy.detail}` }
  if (recovery.recovered) return { status: 'passed', reason: null }
  return {
    status: 'failed',
    reason:
      recovery.time_ms === null
        ? `not recovered: no ${recovery.required_slices} good slices in a row within ${recovery.max_ms / 1000} s of the rollback`
        : `recovered ${(recovery.judged_ms ?? recovery.time_ms) / 1000} s after ${recovery.judged_ms != null && recovery.judged_ms !== recovery.time_ms ? 'the rollback' : 'it left steady state'}, over the ${recovery.max_ms / 1000} s allowed`
  }
}
