/**
 * Merging SLO sources into one blocking and one warning threshold per SLO. Layers go from general to
 * specific — the file's `slo_targets` and `slo_severity`, then `environments.<env>.slo_targets`, then
 * the scenario's `slo`, then the inline input — and for each SLO:
 * - an explicit `blocking` or `warning` threshold replaces the one before it;
 * - a target is the objective: it becomes the blocking threshold, unless its own layer also sets a
 *   blocking threshold for that SLO (as `slo_severity.blocking` beside `slo_targets` in the seed's
 *   format), in which case it is the warning threshold where none is set;
 * - a warning no stricter than the blocking threshold is dropped: it could never fire first.
 */
import type { Check, Op } from './keys.js'
import type { SloLayer } from './layers.js'
import { type MetricId, sloKey, type Stat } from './metrics.js'

export interface ResolvedSlo {
  key: string
  metric: MetricId
  stat: Stat
  blocking: Check | null
  warning: Check | null
}

function byKey(checks: Check[]): Map<string, Check> {
  const map = new Map<string, Check>()
  for (const check of checks) map.set(sloKey(check.metric, check.stat), check)
  return map
}

function upper(op: Op): boolean {
  return op === '<' || op === '<='
}

function lower(op: Op): boolean {
  return op === '>' || op === '>='
}

/** Whether `warning` fires before `blocking` would: a stricter bound in the same direction. */
export function stricter(warning: Check, blocking: Check): boolean {
  if (upper(warning.op) && upper(blocking.op)) return warning.threshold < blocking.threshold
  if (lower(warning.op) && lower(blocking.op)) return warning.threshold > blocking.threshold
  return true
}

/** The SLOs in force after `layers` (general first), in the order they were first named. */
export function resolveSlos(layers: readonly SloLayer[]): ResolvedSlo[] {
  const resolved = new Map<string, ResolvedSlo>()
  const entry = (check: Check): ResolvedSlo => {
    const key = sloKey(check.metric, check.stat)
    let slo = resolved.get(key)
    if (!slo) {
      slo = { key, metric: check.metric, stat: check.stat, blocking: null, warning: null }
      resolved.set(key, slo)
    }
    return slo
  }
  for (const layer of layers) {
    const blocking = byKey(layer.checks.blocking)
    const warning = byKey(layer.checks.warning)
    for (const check of layer.checks.target) {
      const slo = entry(check)
      if (blocking.has(slo.key)) {
        if (!warning.has(slo.key)) slo.warning = check
      } else slo.blocking = check
    }
    for (const check of blocking.values()) entry(check).blocking = check
    for (const check of warning.values()) entry(check).warning = check
  }
  for (const slo of resolved.values())
    if (slo.warning && slo.blocking && !stricter(slo.warning, slo.blocking)) slo.warning = null
  return [...resolved.values()]
}
