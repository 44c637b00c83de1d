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
  /** Requests due in the slice that the generator never sent (not in `done`). */
  unsent: number
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

/**
 * Which side could not keep the rate: `service` when requests went unsent because the service held
 * every connection the generator could use (all `maxInFlight` in flight, or new connections still on
 * their first answer); `generator` when its own send lag fell behind (see {@link generatorBehind});
 * `both`; null when neither.
 */
export type Behind = 'service' | 'generator' | 'both' | null

/** The send lag (p99, ms) under which the generator is never said to have fallen behind. */
export const GENERATOR_LAG_MS = 5

/**
 * The generator fell behind its schedule when its own send lag at p99 is over 5 ms and over a tenth
 * of the latency p99 it reports: then its delay is a real part of the latency (a false SLO failure
 * at high rates, #22); under that it is noise a busy runner adds to any figure.
 */
export function generatorBehind(lagP99: number, latencyP99: number): boolean {
  return lagP99 > GENERATOR_LAG_MS && lagP99 > latencyP99 / 10
}

export interface PhaseSummary {
  name: string
  duration_ms: number
  /** Requests sent and answered (or timed out): what the service's figures count. */
  requests: number
  ok: number
  errors: ErrorCounts
  /** Successful requests over those sent plus those the service held up, in percent; null with none. */
  availability_percent: number | null
  error_rate_percent: number | null
  /** Completed requests per second. */
  throughput: number
  /**
   * Requests due in the phase that the generator never sent: due while all `maxInFlight` were in
   * flight (shed after a few ms), still waiting for a connection at their deadline, or when the
   * traffic stopped. Not in `requests` or `errors`: the generator's backlog, not the service's failures.
   */
  unsent: number
  /**
   * Of `unsent`, the requests the service held up: due while it held every connection (the cap full,
   * or new connections on their first answer). They count against `availability_percent` and
   * `error_rate_percent`, and the SLOs read them (slo/measure.ts): the service was offered them and
   * did not take them. Requests still queued when the traffic stopped are not among them.
   */
  held_up: number
  behind: Behind
  /**
   * How late requests left the generator after they were due, or after a connection came free for
   * them (ms): the generator's own lateness. A wait for the service (a free slot, a connection's first
   * answer during a stall) is the service's latency, not send lag.
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
  /**
   * Requests due in the phase that were never sent; `starved` of them because the service held every
   * connection the generator could use (the in-flight cap full, or new ones on their first answer).
   */
  unsent = 0
  starved = 0
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
        unsent: 0,
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

  /**
   * Counts one request due in `slice` that was never sent: shed at the in-flight cap (`cap`), still
   * queued at its deadline (`expired`), or when the traffic stopped. It settles the request without
   * counting it as answered.
   */
  unsend(slice: Slice, why: 'cap' | 'expired' | 'stopped'): void {
    slice.unsent++
    this.pending--
    this.unsent++
    if (why !== 'stopped') this.starved++
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
    return ended && (slice === undefined || slice.done + slice.unsent === slice.scheduled)
  }

  summary(now: number): PhaseSummary {
    const requests = this.histogram.totalCount
    const duration = (this.end ?? now) - this.start
    const lag = summarize(this.lag)
    const latency = summarize(this.histogram)
    const late = generatorBehind(lag.p99, latency.p99)
    const behind: Behind =
      this.starved > 0 ? (late ? 'both' : 'service') : late ? 'generator' : null
    // requests the service held up count against its availability: a service at twice its capacity
    // does not read as available
    const offered = requests + this.starved
    return {
      name: this.name,
      duration_ms: Math.round(duration),
      requests,
      ok: this.ok,
      errors: { ...this.errors },
      availability_percent: offered ? round2((100 * this.ok) / offered) : null,
      error_rate_percent: offered ? round2((100 * (offered - this.ok)) / offered) : null,
      throughput: duration > 0 ? round2((requests * 1000) / duration) : 0,
      unsent: this.unsent,
      held_up: this.starved,
      behind,
      send_lag_ms: { p50: lag.p50, p99: lag.p99, max: lag.max },
      latency_ms: latency,
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
