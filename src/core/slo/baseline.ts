/**
 * A metric's baseline from the project's own history: the median of the last runs and a noise band
 * from their spread, so the band is as wide as the metric really wobbles — not a fixed percentage.
 * The spread is the standard deviation of the past runs after dropping outliers (further than 3.5
 * robust sigmas, 1.4826 × the median absolute deviation, from the median): one run on a stalled
 * runner does not widen the band, and the estimate keeps the standard deviation's efficiency, which
 * the median absolute deviation alone lacks on 20 or 30 runs.
 */
import { type MetricId, METRICS } from './metrics.js'

export interface Baseline {
  /** Past runs the band is computed from. */
  runs: number
  median: number
  /** The standard deviation without the outliers, floored (see {@link noiseBand}). */
  sigma: number
  /** Past runs left out of sigma as outliers. */
  outliers: number
  /** The band: values inside it are noise. */
  low: number
  high: number
}

export interface Comparison extends Baseline {
  /** value − median. */
  change: number
  /** The change in units of sigma. */
  sigmas: number
  /** Outside the band on the worse side. */
  regression: boolean
  /** Outside the band on the better side. */
  improvement: boolean
}

/** Fewer past runs than this give no band: the spread of 2 or 3 values says little. */
export const MIN_BASELINE_RUNS = 5

/** The smallest change each unit can show (the precision results keep). */
const RESOLUTION: Record<string, number> = { '%': 0.01, ms: 0.01, s: 0.01, '/s': 0.1 }

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * The band median ± `sigmas` × sigma over `values`, or null with fewer than
 * {@link MIN_BASELINE_RUNS}. When the history barely moves (a spread of zero), sigma is floored at
 * the metric's resolution and at 1% of the median, so that rounding alone is never a regression.
 */
export function noiseBand(
  metric: MetricId,
  values: readonly number[],
  sigmas: number
): Baseline | null {
  if (values.length < MIN_BASELINE_RUNS) return null
  const m = median(values)
  const robust = 1.4826 * median(values.map(v => Math.abs(v - m)))
  const kept = values.filter(v => Math.abs(v - m) <= 3.5 * robust)
  const mean = kept.reduce((sum, v) => sum + v, 0) / kept.length
  const sd =
    kept.length > 1
      ? Math.sqrt(kept.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (kept.length - 1))
      : 0
  const sigma = Math.max(sd, RESOLUTION[METRICS[metric].unit] ?? 0.01, Math.abs(m) * 0.01)
  return {
    runs: values.length,
    median: m,
    sigma,
    outliers: values.length - kept.length,
    low: m - sigmas * sigma,
    high: m + sigmas * sigma
  }
}

/** How `value` sits against `baseline`; which side is worse comes from the metric. */
export function compare(metric: MetricId, value: number, baseline: Baseline): Comparison {
  const higherIsBetter = METRICS[metric].better === 'higher'
  const above = value > baseline.high
  const below = value < baseline.low
  return {
    ...baseline,
    change: value - baseline.median,
    sigmas: (value - baseline.median) / baseline.sigma,
    regression: higherIsBetter ? below : above,
    improvement: higherIsBetter ? above : below
  }
}
