/**
 * The value of each metric for one scenario, or for a whole run, from what `inject` measured. The same
 * functions read a fresh results file and the rows the history database keeps, so a value and its
 * baseline are computed alike.
 */
import type { ScenarioResult } from '../experiment/result.js'
import { decodeHistogram, type LatencyHistogram, percentileUs } from '../traffic/latency.js'
import type { MetricId, Stat } from './metrics.js'

/** One phase as numbers: counts, and a latency statistic (null when it was not kept). */
export interface PhaseNumbers {
  requests: number
  ok: number
  /**
   * Requests the service held up (the results' `held_up`, set by the traffic generator): due while
   * it held every connection, never sent. The service did not take them, so availability counts
   * them as failed.
   */
  heldUp?: number
  /** Successful requests per second. */
  okPerSecond: number
  latency(stat: string): number | null
}

export interface ScenarioNumbers {
  baseline?: PhaseNumbers
  inject?: PhaseNumbers
  recovery?: PhaseNumbers
  /** Seconds from the end of the fault to recovered; null when not measured or never recovered. */
  recoverySeconds: number | null
  /** null when recovery was not measured. */
  recovered: boolean | null
  /** The longest recovery that was waited for, in seconds (for "not recovered within"). */
  recoveryMaxSeconds: number | null
}

export interface Measured {
  value: number | null
  /** The samples behind the value (requests; recoveries for MTTR). */
  samples: number
  /** Why there is no value, or what it means: "not recovered within 30 s". */
  note?: string
  /** The value is missing because the service failed (never recovered): judged as failing. */
  failing?: boolean
}

const SUMMARY_STATS = new Set(['p50', 'p90', 'p95', 'p99', 'max', 'mean'])

/**
 * A statistic of a stored histogram (µs), in ms. `maxMs` is the exact max its summary kept: a decoded
 * histogram knows only bucket ends, so its own max, and a percentile read from it, can exceed it.
 */
function fromHistogram(histogram: LatencyHistogram, stat: string, maxMs: number): number | null {
  if (histogram.totalCount === 0) return null
  if (stat === 'mean') return Math.round(histogram.mean) / 1000
  if (stat === 'max') return maxMs
  if (stat === 'min') return histogram.minNonZeroValue / 1000
  const percentile = Number(stat.slice(1))
  return percentileUs(histogram, percentile, Math.round(maxMs * 1000)) / 1000
}

/** A phase of a results file: the summary's statistics, any other from its histogram. */
export function phaseFromResult(
  phase: NonNullable<ScenarioResult['phases']['inject']>
): PhaseNumbers {
  let histogram: LatencyHistogram | null = null
  return {
    requests: phase.requests,
    ok: phase.ok,
    heldUp: phase.held_up ?? 0,
    okPerSecond: phase.duration_ms > 0 ? (phase.ok * 1000) / phase.duration_ms : 0,
    latency(stat) {
      if (SUMMARY_STATS.has(stat)) return phase[stat as 'p50']
      if (!phase.hdr) return null
      histogram ??= decodeHistogram(phase.hdr)
      return fromHistogram(histogram, stat, phase.max)
    }
  }
}

export function scenarioFromResult(result: ScenarioResult): ScenarioNumbers {
  const { baseline, inject, recovery } = result.phases
  return {
    ...(baseline ? { baseline: phaseFromResult(baseline) } : {}),
    ...(inject ? { inject: phaseFromResult(inject) } : {}),
    ...(recovery ? { recovery: phaseFromResult(recovery) } : {}),
    // the recovery SLO judges what the scenario's own verdict judges (docs/slos.md)
    recoverySeconds:
      result.recovery?.recovered && result.recovery.time_ms !== null
        ? (result.recovery.judged_ms ?? result.recovery.time_ms) / 1000
        : null,
    recovered: result.recovery ? result.recovery.recovered : null,
    recoveryMaxSeconds: result.recovery ? result.recovery.max_ms / 1000 : null
  }
}

/** The requests offered during the fault and after it (those the service held up too), and the ok ones. */
function window(numbers: ScenarioNumbers): { requests: number; ok: number } {
  const phases = [numbers.inject, numbers.recovery].filter(p => p !== undefined)
  return {
    requests: phases.reduce((sum, p) => sum + p.requests + (p.heldUp ?? 0), 0),
    ok: phases.reduce((sum, p) => sum + p.ok, 0)
  }
}

function round(value: number, digits = 3): number {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}

/** The value of `metric` (at `stat`) for one scenario. MTTR is a run's metric: see {@link measureMttr}. */
export function measure(numbers: ScenarioNumbers, metric: MetricId, stat: Stat): Measured {
  switch (metric) {
    case 'availability':
    case 'error_rate': {
      const { requests, ok } = window(numbers)
      if (requests === 0) return { value: null, samples: 0, note: 'no requests during the fault' }
      const availability = (100 * ok) / requests
      return {
        value: round(metric === 'availability' ? availability : 100 - availability),
        samples: requests
      }
    }
    case 'latency': {
      const inject = numbers.inject
      if (!inject) return { value: null, samples: 0, note: 'no fault phase' }
      const value = inject.latency(stat ?? 'p95')
      return value === null
        ? { value: null, samples: inject.requests, note: `${stat} was not kept` }
        : { value, samples: inject.requests }
    }
    case 'degradation': {
      const { inject, baseline } = numbers
      if (!inject || !baseline)
        return { value: null, samples: 0, note: 'no baseline or fault phase' }
      const during = inject.latency(stat ?? 'p95')
      const before = baseline.latency(stat ?? 'p95')
      if (during === null || before === null)
        return {
          value: null,
          samples: Math.min(inject.requests, baseline.requests),
          note: `${stat} was not kept`
        }
      return {
        value: round(during - before),
        samples: Math.min(inject.requests, baseline.requests)
      }
    }
    case 'recovery_time': {
      if (numbers.recovered === null)
        return { value: null, samples: 0, note: 'recovery was not measured' }
      const samples = numbers.recovery?.requests ?? 0
      if (!numbers.recovered)
        return {
          value: null,
          samples,
          note: `not recovered within ${numbers.recoveryMaxSeconds ?? '?'} s`,
          failing: true
        }
      return { value: numbers.recoverySeconds, samples }
    }
    case 'throughput': {
      const inject = numbers.inject
      if (!inject) return { value: null, samples: 0, note: 'no fault phase' }
      return { value: round(inject.okPerSecond, 2), samples: inject.requests }
    }
    case 'mttr':
      return measureMttr([numbers])
  }
}

/** MTTR: the mean of the measured recoveries (not of the scenarios' durations). */
export function measureMttr(scenarios: readonly ScenarioNumbers[]): Measured {
  const times = scenarios.flatMap(s => (s.recoverySeconds !== null ? [s.recoverySeconds] : []))
  const never = scenarios.filter(s => s.recovered === false).length
  if (times.length === 0)
    return never > 0
      ? { value: null, samples: 0, note: `${never} scenario(s) never recovered`, failing: true }
      : { value: null, samples: 0, note: 'no recovery was measured' }
  return {
    value: round(times.reduce((a, b) => a + b, 0) / times.length),
    samples: times.length,
    ...(never > 0 ? { note: `${never} scenario(s) never recovered and are not in the mean` } : {})
  }
}

type PhaseResult = NonNullable<ScenarioResult['phases']['inject']>

/** Phases of several scenarios as one: counts added, latency from the merged histograms. */
function mergePhases(phases: PhaseResult[]): PhaseNumbers | undefined {
  if (phases.length === 0) return undefined
  if (phases.length === 1) return phaseFromResult(phases[0]!)
  let merged: LatencyHistogram | null = null
  const duration = phases.reduce((sum, p) => sum + p.duration_ms, 0)
  const ok = phases.reduce((sum, p) => sum + p.ok, 0)
  return {
    requests: phases.reduce((sum, p) => sum + p.requests, 0),
    ok,
    heldUp: phases.reduce((sum, p) => sum + (p.held_up ?? 0), 0),
    okPerSecond: duration > 0 ? (ok * 1000) / duration : 0,
    latency(stat) {
      if (phases.some(p => !p.hdr)) return null
      if (!merged) {
        merged = decodeHistogram(phases[0]!.hdr)
        for (const phase of phases.slice(1)) merged.add(decodeHistogram(phase.hdr))
      }
      return fromHistogram(merged, stat, Math.max(...phases.map(p => p.max)))
    }
  }
}

/**
 * The scenarios of a run as one: every request of every fault window counts once, latency comes from
 * the merged histograms, and the recovery is the slowest one.
 */
export function overallFromResults(results: readonly ScenarioResult[]): ScenarioNumbers {
  const of = (name: 'baseline' | 'inject' | 'recovery'): PhaseNumbers | undefined =>
    mergePhases(results.flatMap(r => (r.phases[name] ? [r.phases[name]] : [])))
  const numbers = results.map(scenarioFromResult)
  const measured = numbers.filter(n => n.recovered !== null)
  const baseline = of('baseline')
  const inject = of('inject')
  const recovery = of('recovery')
  return {
    ...(baseline ? { baseline } : {}),
    ...(inject ? { inject } : {}),
    ...(recovery ? { recovery } : {}),
    recovered: measured.length ? measured.every(n => n.recovered) : null,
    recoverySeconds: measured.length
      ? Math.max(...measured.map(n => n.recoverySeconds ?? 0))
      : null,
    recoveryMaxSeconds: measured.length
      ? Math.max(...measured.map(n => n.recoveryMaxSeconds ?? 0))
      : null
  }
}
