/**
 * The seed's `safety` section, made real. Abort conditions are checked while the fault is on, slice
 * by slice: the slice's error rate, its median response time, and failed requests in a row. The
 * first that holds rolls the fault back at once and the scenario ends `aborted`, naming it.
 */
import { summarize } from '../traffic/latency.js'
import type { Phase } from '../traffic/phase.js'

export interface AbortConditions {
  /** A slice with more errors than this (percent of its requests, at least 5 requests). */
  error_rate_percent?: number
  /** This many failed requests in a row. */
  consecutive_failures?: number
  /** A slice whose median response time is over this (ms). */
  response_time_ms?: number
}

export interface Safety {
  abort: AbortConditions
  /** The whole run's bound; null for none. */
  maxTotalMs: number | null
}

/** Slices with fewer requests than this are not judged on their error rate. */
const MIN_SLICE_REQUESTS = 5

/** Checks the completed slices from `from` on; returns why to abort, or null. Pure in the phase. */
export function abortReason(
  phase: Phase,
  conditions: AbortConditions,
  from: number,
  now: number
): { reason: string | null; checked: number } {
  if (
    conditions.consecutive_failures !== undefined &&
    phase.failureRun >= conditions.consecutive_failures
  )
    return {
      reason: `abort condition consecutive_failures: ${phase.failureRun} failed requests in a row (limit ${conditions.consecutive_failures})`,
      checked: from
    }
  let index = from
  for (; phase.sliceComplete(index, now) && index < phase.slices.length; index++) {
    const slice = phase.slices[index]!
    const at = ((index * phase.sliceMs) / 1000).toFixed(2)
    if (
      conditions.error_rate_percent !== undefined &&
      slice.done >= MIN_SLICE_REQUESTS &&
      (100 * slice.errors) / slice.done > conditions.error_rate_percent
    )
      return {
        reason: `abort condition error_rate_percent: ${Math.round((100 * slice.errors) / slice.done)}% errors in the slice at ${at} s (limit ${conditions.error_rate_percent}%)`,
        checked: index + 1
      }
    if (conditions.response_time_ms !== undefined && slice.done > 0) {
      const p50 = summarize(slice.histogram).p50
      if (p50 > conditions.response_time_ms)
        return {
          reason: `abort condition response_time_ms: median ${p50} ms in the slice at ${at} s (limit ${conditions.response_time_ms} ms)`,
          checked: index + 1
        }
    }
  }
  return { reason: null, checked: index }
}
