/**
 * Latency histograms: HdrHistograms (hdr-histogram-js) in microseconds, 3 significant digits, so a
 * percentile is exact to 0.1% from 1 µs to an hour. Summaries are in milliseconds, as results store them.
 */
import * as hdr from 'hdr-histogram-js'

export type LatencyHistogram = hdr.Histogram

/** The percentiles every phase reports, in milliseconds. */
export interface LatencySummary {
  count: number
  p50: number
  p90: number
  p95: number
  p99: number
  max: number
  mean: number
}

const HOUR_US = 3_600_000_000

/** An empty histogram; `digits` trades precision for memory (slices use 2). */
export function newHistogram(digits: 1 | 2 | 3 = 3): LatencyHistogram {
  return hdr.build({
    bitBucketSize: 32,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HOUR_US,
    numberOfSignificantValueDigits: digits,
    useWebAssembly: false
  })
}

/** Records a latency given in milliseconds (fractional), clamped to the trackable range. */
export function recordMs(histogram: LatencyHistogram, ms: number): void {
  histogram.recordValue(Math.min(HOUR_US, Math.max(1, Math.round(ms * 1000))))
}

function ms(us: number): number {
  return Math.round(us) / 1000
}

/**
 * A percentile in µs, within the exact min and max: HdrHistogram reports the highest value of the
 * percentile's bucket, which can lie above every value recorded (a p99 of 87.295 ms, max 87.251 ms).
 * A decoded histogram knows only its buckets (its maxValue is the top one's end), so a reader of a
 * stored one passes the exact max kept beside it as `maxUs`.
 */
export function percentileUs(
  histogram: LatencyHistogram,
  percentile: number,
  maxUs: number = histogram.maxValue
): number {
  const value = histogram.getValueAtPercentile(percentile)
  return Math.min(maxUs, Math.max(histogram.minNonZeroValue, value))
}

/** The summary of a histogram; all zeros when it is empty. */
export function summarize(histogram: LatencyHistogram): LatencySummary {
  const count = histogram.totalCount
  if (count === 0) return { count: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0, mean: 0 }
  return {
    count,
    p50: ms(percentileUs(histogram, 50)),
    p90: ms(percentileUs(histogram, 90)),
    p95: ms(percentileUs(histogram, 95)),
    p99: ms(percentileUs(histogram, 99)),
    max: ms(histogram.maxValue),
    mean: Math.round(histogram.mean) / 1000
  }
}

/** The histogram in HdrHistogram's compressed base64 form, for tools that merge histograms. */
export function encodeHistogram(histogram: LatencyHistogram): string {
  return hdr.encodeIntoCompressedBase64(histogram)
}

/** Reads a histogram written by {@link encodeHistogram}. */
export function decodeHistogram(base64: string): LatencyHistogram {
  return hdr.decodeFromCompressedBase64(base64, 32, false)
}
