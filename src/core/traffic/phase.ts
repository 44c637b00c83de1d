/**
 * What the traffic generator saw in one phase (baseline, inject, recovery): every request is counted
 * in the phase and the time slice in which its *intended* start falls, so a stall shows up as latency
 * of the requests that should have been sent during it (coordinated omission corrected).
 */
import {
  type LatencyHistogram,
  type LatencySummary,
  newHistogram,
  recordMs,
  summarize
} from './latency.js'
import { type ErrorClass, type ErrorCounts, noErrors } from './outcome.js'

/** One time slice of a phase: the unit of "a good health check" when recovery is measured. */
export interface Slice {
  /** Requests whose intended start fell in the slice. */
  scheduled: number
  done: number
  errors: number
  histogram: LatencyHistogram
  /** Due times (clock ms) of the first and last bad request: failed, or over the phase's `slowMs`. */
  firstBadAt: number | null
  lastBadAt: number | null
}

export interface SliceSummary {
  /** Milliseconds from the phase start to the slice start. */
  at_ms: number
  requests: number
  errors: number
  p50: number
  p99: number
  max: number
}

export interface PhaseSummary {
  name: string
  duration_ms: number
  requests: number
  ok: number
  errors: ErrorCounts
  /** Successful requests over all requests, in percent; null with no requests. */
  availability_percent: number | null
  error_rate_percent: number | null
  /** Completed requests per second. */
  throughput: number
  /**
   * How late requests left the generator after they were due (ms): high values mean the generator
   * (or the machine) could not keep the rate, and the latencies include its own delay.
   */
  send_lag_ms: { p50: number; p99: number; max: number }
  latency_ms: LatencySummary
  slices: SliceSummary[]
}

export class Phase {
  readonly histogram = newHistogram(3)
  /** How late the generator sent each request after it was due: its own health, not the service's. */
  readonly lag = newHistogram(2)
  readonly errors = noErrors()
  readonly slices: Slice[] = []
  ok = 0
  end: number | null = null
  /** Requests due in the phase and not answered yet. */
  private pending = 0
  /** Failed requests in a row, as they complete. */
  failureRun = 0
  /** A request slower than this (ms) is bad, as a failed one is (the recovery's good bound). */
  slowMs = Infinity

  constructor(
    readonly name: string,
    readonly start: number,
    readonly sliceMs: number
  ) {}

  slice(intended: number): Slice {
    const index = Math.max(0, Math.floor((intended - this.start) / this.sliceMs))
    while (this.slices.length <= index)
      this.slices.push({
        scheduled: 0,
        done: 0,
        errors: 0,
        histogram: newHistogram(2),
        firstBadAt: null,
        lastBadAt: null
      })
    return this.slices[index]!
  }

  /** Counts one answered request, due at `dueAt` (clock ms), in its slice. */
  record(slice: Slice, latencyMs: number, error: ErrorClass | null, dueAt: number): void {
    recordMs(this.histogram, latencyMs)
    recordMs(slice.histogram, latencyMs)
    slice.done++
    this.pending--
    if (error || latencyMs > this.slowMs) {
      slice.firstBadAt = Math.min(slice.firstBadAt ?? dueAt, dueAt)
      slice.lastBadAt = Math.max(slice.lastBadAt ?? dueAt, dueAt)
    }
    if (error) {
      this.errors[error]++
      slice.errors++
      this.failureRun++
    } else {
      this.ok++
      this.failureRun = 0
    }
  }

  /** Counts one request due in `slice`, not yet answered. */
  schedule(slice: Slice): void {
    slice.scheduled++
    this.pending++
  }

  /** True when every request due in the phase so far has been answered (or timed out). */
  settled(): boolean {
    return this.pending === 0
  }

  /** True when slice `index` has ended by `now` and every request in it has completed. */
  sliceComplete(index: number, now: number): boolean {
    const slice = this.slices[index]
    const ended = this.start + (index + 1) * this.sliceMs <= now
    return ended && (slice === undefined || slice.done === slice.scheduled)
  }

  summary(now: number): PhaseSummary {
    const requests = this.histogram.totalCount
    const failed = requests - this.ok
    const duration = (this.end ?? now) - this.start
    return {
      name: this.name,
      duration_ms: Math.round(duration),
      requests,
      ok: this.ok,
      errors: { ...this.errors },
      availability_percent: requests ? round2((100 * this.ok) / requests) : null,
      error_rate_percent: requests ? round2((100 * failed) / requests) : null,
      throughput: duration > 0 ? round2((requests * 1000) / duration) : 0,
      send_lag_ms: (({ p50, p99, max }) => ({ p50, p99, max }))(summarize(this.lag)),
      latency_ms: summarize(this.histogram),
      slices: this.slices.map((slice, i) => {
        const s = summarize(slice.histogram)
        return {
          at_ms: i * this.sliceMs,
          requests: slice.done,
          errors: slice.errors,
          p50: s.p50,
          p99: s.p99,
          max: s.max
        }
      })
    }
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100
}
