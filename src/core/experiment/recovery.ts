/**
 * Recovery as measured (docs/slos.md "Recovery, outage and MTTR"): the checks are the traffic's
 * slices from the fault's start to the end of the recovery watch. The service *deviates* at the due
 * time of the first bad request (failed, or slower than the good bound) of the first bad slice; it
 * has *recovered* after the last bad request before the run of good slices that held through the
 * rollback. Pure: checks in, figures out.
 */
import { summarize } from '../traffic/latency.js'
import type { Phase } from '../traffic/phase.js'

/** One traffic slice judged: the unit of "a health check" while a fault is watched. */
export interface Check {
  /** Clock times (ms) of the slice's start and end. */
  start: number
  end: number
  good: boolean
  /** Due times of the first and last bad request in the slice; null when it had none. */
  firstBadAt: number | null
  lastBadAt: number | null
}

/** The figures {@link recoveryFigures} returns, as the results file stores them (ms). */
export interface RecoveryFigures {
  /** The service stopped meeting steady state during or after the fault. */
  deviated: boolean
  /** From the fault's start to the first bad request; null when it never deviated. */
  deviated_at_ms: number | null
  /** Time to recover: from the first bad request to the last bad one before the good run. */
  time_ms: number | null
  /** From the first bad request to the last bad one before the first good slice after it. */
  outage_ms: number | null
  /** From the end of the rollback to the recovery (0 when it had recovered before). */
  after_rollback_ms: number | null
  /**
   * What `max_recovery_time_seconds` judges: from when the fault stopped acting to the recovery. A
   * one-shot fault (a kill, a crash) stops acting when applied, so this is the time to recover; a held
   * fault stops at its rollback, so a service degraded while the fault holds is judged on how fast it
   * recovers once it is gone (unless it first left steady state after the rollback).
   */
  judged_ms: number | null
}

/** A slice is good when it had requests, no errors, and a p99 no worse than `bound`. */
function isGood(phase: Phase, index: number, bound: number): boolean {
  const slice = phase.slices[index]
  if (!slice || slice.done === 0 || slice.errors > 0) return false
  return summarize(slice.histogram).p99 <= bound
}

/**
 * The checks of `phase` from slice `from` while they are complete at `now`, at most `limit`.
 * A slice no request was due in (the sliver at a phase's end) is no check either way.
 */
export function checksOf(
  phase: Phase,
  bound: number,
  now: number,
  from = 0,
  limit = Infinity
): Check[] {
  const checks: Check[] = []
  for (let i = from; i < from + limit && phase.sliceComplete(i, now); i++) {
    const slice = phase.slices[i]
    if (!slice && (phase.end ?? now) <= phase.start + i * phase.sliceMs) break
    if (!slice || slice.scheduled === 0) continue
    const start = phase.start + i * phase.sliceMs
    checks.push({
      start,
      end: Math.min(start + phase.sliceMs, phase.end ?? Infinity),
      good: isGood(phase, i, bound),
      firstBadAt: slice.firstBadAt,
      lastBadAt: slice.lastBadAt
    })
  }
  return checks
}

const badFrom = (check: Check): number => check.firstBadAt ?? check.start
const badUntil = (check: Check): number => check.lastBadAt ?? check.end

/**
 * The figures from the checks of the fault and recovery phases, in order. `confirmed`: the last
 * checks are the required good run after the rollback (the service met steady state again).
 */
export function recoveryFigures(
  checks: readonly Check[],
  confirmed: boolean,
  faultAt: number,
  rollbackAt: number,
  oneShot = false
): RecoveryFigures {
  const first = checks.findIndex(check => !check.good)
  if (first < 0)
    return {
      deviated: false,
      deviated_at_ms: null,
      time_ms: null,
      outage_ms: null,
      after_rollback_ms: null,
      judged_ms: null
    }
  const from = badFrom(checks[first]!)
  const goodAgain = checks.findIndex((check, i) => i > first && check.good)
  const last = checks.findLastIndex(check => !check.good)
  const recoveredAt = confirmed ? badUntil(checks[last]!) : null
  return {
    deviated: true,
    deviated_at_ms: Math.round(Math.max(0, from - faultAt)),
    time_ms: recoveredAt === null ? null : Math.round(recoveredAt - from),
    outage_ms: goodAgain < 0 ? null : Math.round(badUntil(checks[goodAgain - 1]!) - from),
    after_rollback_ms:
      recoveredAt === null ? null : Math.round(Math.max(0, recoveredAt - rollbackAt)),
    judged_ms:
      recoveredAt === null
        ? null
        : Math.round(Math.max(0, recoveredAt - Math.max(from, oneShot ? faultAt : rollbackAt)))
  }
}
