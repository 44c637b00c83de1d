/**
 * Judging measured results against SLOs: a verdict per SLO (pass, warn, fail, insufficient-data),
 * compared with the scenario's own history where there is one, then a verdict per scenario. A
 * scenario that did not run its fault cleanly (invalid, aborted, …) keeps that status: it is never
 * counted as a pass.
 */
import type { ScenarioResult, ScenarioStatus } from '../experiment/result.js'
import { compare, type Comparison, noiseBand } from '../slo/baseline.js'
import { type Check, holds, type Op } from '../slo/keys.js'
import { measure, type Measured, type ScenarioNumbers } from '../slo/measure.js'
import { type MetricId, METRICS, sloLabel, type Stat } from '../slo/metrics.js'
import type { ResolvedSlo } from '../slo/resolve.js'
import type { InvalidPolicy } from './options.js'

export type SloVerdictName = 'pass' | 'warn' | 'fail' | 'insufficient-data'

export interface ThresholdView {
  text: string
  op: Op
  threshold: number
  source: string
}

export interface SloVerdict {
  key: string
  label: string
  metric: MetricId
  stat: Stat
  unit: string
  value: number | null
  samples: number
  verdict: SloVerdictName
  /** Why there is no value, or what decided the verdict. */
  note: string | null
  blocking: ThresholdView | null
  warning: ThresholdView | null
  /** The scenario's history on the baseline branch; null without enough of it. */
  baseline: Comparison | null
  /** Past values the baseline was computed from, or why there is none. */
  baseline_note: string | null
}

/** A scenario's verdict: the worst of its SLOs, or the status its run ended with. */
export type ScenarioVerdictName =
  | 'passed'
  | 'warned'
  | 'failed'
  | 'insufficient-data'
  | Exclude<ScenarioStatus, 'passed' | 'failed'>

export interface ScenarioVerdict {
  name: string
  type: string
  intensity: string
  /** What inject said. */
  status: ScenarioStatus
  verdict: ScenarioVerdictName
  reason: string | null
  slos: SloVerdict[]
  /**
   * The inject results file and position this scenario came from (its run block's identity), so the
   * history ties the verdict to inject's row whatever job each ran in; null when not known.
   */
  source?: ScenarioSource | null
}

/** Which inject file (by its run block) and which of its scenarios (1-based) a verdict is about. */
export interface ScenarioSource {
  repo: string | null
  run_id: string
  run_attempt: number
  job: string | null
  step: string | null
  seq: number
}

/** Past values of a metric for one scenario (newest first), or null with no history at all. */
export type HistoryLookup = (metric: MetricId, stat: Stat) => number[] | null

export interface JudgeSettings {
  minSamples: number
  regressionSigma: number
}

function view(check: Check | null): ThresholdView | null {
  return check
    ? { text: check.text, op: check.op, threshold: check.threshold, source: check.source }
    : null
}

function verdictOf(
  slo: ResolvedSlo,
  measured: Measured,
  minSamples: number
): { verdict: SloVerdictName; note: string | null } {
  if (measured.value === null)
    return measured.failing
      ? { verdict: slo.blocking ? 'fail' : 'warn', note: measured.note ?? null }
      : { verdict: 'insufficient-data', note: measured.note ?? 'no value' }
  const needed = slo.metric === 'mttr' ? 1 : minSamples
  if (measured.samples < needed)
    return {
      verdict: 'insufficient-data',
      note: `${measured.samples} sample(s), fewer than the ${needed} needed (min-samples)`
    }
  if (slo.blocking && !holds(measured.value, slo.blocking.op, slo.blocking.threshold))
    return { verdict: 'fail', note: measured.note ?? null }
  if (slo.warning && !holds(measured.value, slo.warning.op, slo.warning.threshold))
    return { verdict: 'warn', note: measured.note ?? null }
  return { verdict: 'pass', note: measured.note ?? null }
}

/** Judges one SLO on one measured value, with its history when there is one. */
export function judgeSlo(
  slo: ResolvedSlo,
  measured: Measured,
  settings: JudgeSettings,
  history: HistoryLookup | null
): SloVerdict {
  const { verdict, note } = verdictOf(slo, measured, settings.minSamples)
  const past = history?.(slo.metric, slo.stat) ?? null
  const band = past ? noiseBand(slo.metric, past, settings.regressionSigma) : null
  return {
    key: slo.key,
    label: sloLabel(slo.metric, slo.stat),
    metric: slo.metric,
    stat: slo.stat,
    unit: METRICS[slo.metric].unit,
    value: measured.value,
    samples: measured.samples,
    verdict,
    note,
    blocking: view(slo.blocking),
    warning: view(slo.warning),
    baseline: band && measured.value !== null ? compare(slo.metric, measured.value, band) : null,
    baseline_note:
      history === null
        ? null
        : past === null || past.length === 0
          ? 'no past runs of this scenario on the baseline branch'
          : band === null
            ? `${past.length} past run(s); a baseline needs 5`
            : null
  }
}

const WORST: readonly SloVerdictName[] = ['fail', 'insufficient-data', 'warn', 'pass']

/**
 * Judges one scenario of an inject run on its scenario-level SLOs, and on the run-level ones (MTTR)
 * in `ownRunKeys`: those its own `slo:` sets, which the pooled row leaves to it.
 */
export function judgeScenario(
  result: ScenarioResult,
  numbers: ScenarioNumbers,
  slos: readonly ResolvedSlo[],
  settings: JudgeSettings,
  history: HistoryLookup | null,
  ownRunKeys: ReadonlySet<string> = new Set()
): ScenarioVerdict {
  const base = {
    name: result.name,
    type: result.type,
    intensity: result.intensity,
    status: result.status
  }
  if (result.status !== 'passed' && result.status !== 'failed')
    return { ...base, verdict: result.status, reason: result.reason, slos: [] }
  const verdicts = slos
    .filter(slo => METRICS[slo.metric].scope === 'scenario' || ownRunKeys.has(slo.key))
    .map(slo => judgeSlo(slo, measure(numbers, slo.metric, slo.stat), settings, history))
  const worst = WORST.find(name => verdicts.some(v => v.verdict === name)) ?? 'pass'
  if (result.status === 'failed')
    return { ...base, verdict: 'failed', reason: result.reason, slos: verdicts }
  const verdict: ScenarioVerdictName =
    worst === 'fail'
      ? 'failed'
      : worst === 'insufficient-data'
        ? 'insufficient-data'
        : worst === 'warn'
          ? 'warned'
          : 'passed'
  const failing = verdicts.filter(v => v.verdict === 'fail').map(v => v.label)
  return {
    ...base,
    verdict,
    reason: failing.length ? `${failing.join(', ')} crossed the blocking threshold` : null,
    slos: verdicts
  }
}

/** Whether a scenario's verdict fails the step. */
export function failsStep(verdict: ScenarioVerdictName, policy: InvalidPolicy): boolean {
  switch (verdict) {
    case 'failed':
    case 'aborted':
    case 'steady-state-not-met':
    case 'interrupted':
    case 'error':
      return true
    case 'invalid':
      return policy === 'fail'
    default:
      return false
  }
}
