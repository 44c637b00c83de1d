/**
 * Hand-built inject payloads for validate's tests: each phase is made from the latencies and errors
 * given, through the same HdrHistogram code inject uses, so its summary and its stored histogram
 * agree as they do in a real results file.
 */
import type { InjectPayload } from '../../src/core/experiment/payload.js'
import {
  newResult,
  type PhaseResult,
  type ScenarioResult,
  type ScenarioStatus,
  summarizeResults
} from '../../src/core/experiment/result.js'
import {
  encodeHistogram,
  newHistogram,
  recordMs,
  summarize
} from '../../src/core/traffic/latency.js'
import { noErrors } from '../../src/core/traffic/outcome.js'

export interface PhaseSpec {
  /** Latency of each request in ms, or one latency for `requests` requests. */
  latencies: number[] | { ms: number; requests: number }
  /** How many of them failed (counted as http_5xx). */
  errors?: number
  durationMs?: number
}

export function phase(spec: PhaseSpec): PhaseResult {
  const latencies = Array.isArray(spec.latencies)
    ? spec.latencies
    : Array.from({ length: spec.latencies.requests }, () => (spec.latencies as { ms: number }).ms)
  const histogram = newHistogram(3)
  for (const ms of latencies) recordMs(histogram, ms)
  const requests = latencies.length
  const failed = spec.errors ?? 0
  const ok = requests - failed
  const duration = spec.durationMs ?? 2000
  const { count: _count, ...stats } = summarize(histogram)
  void _count
  return {
    duration_ms: duration,
    requests,
    ok,
    errors: { ...noErrors(), http_5xx: failed },
    availability_percent: requests ? Math.round((10000 * ok) / requests) / 100 : null,
    error_rate_percent: requests ? Math.round((10000 * failed) / requests) / 100 : null,
    throughput: (requests * 1000) / duration,
    send_lag_ms: { p50: 0, p99: 0, max: 0 },
    ...stats,
    slices: [],
    hdr: encodeHistogram(histogram)
  }
}

export interface ScenarioSpec {
  name: string
  status?: ScenarioStatus
  reason?: string
  baseline?: PhaseSpec
  inject?: PhaseSpec
  recovery?: PhaseSpec
  /** Seconds to recover; null: never recovered (within `maxSeconds`). Absent: not measured. */
  recoverySeconds?: number | null
  maxSeconds?: number
}

export function scenario(spec: ScenarioSpec): ScenarioResult {
  const result = newResult(
    { name: spec.name, type: 'http_fault', intensity: 'light', duration: 2 },
    'a fault',
    spec.status ?? 'passed',
    spec.reason ?? null
  )
  if (spec.baseline) result.phases.baseline = phase(spec.baseline)
  if (spec.inject) result.phases.inject = phase(spec.inject)
  if (spec.recovery) result.phases.recovery = phase(spec.recovery)
  if (spec.recoverySeconds !== undefined)
    result.recovery = {
      recovered: spec.recoverySeconds !== null,
      time_ms: spec.recoverySeconds === null ? null : spec.recoverySeconds * 1000,
      required_slices: 3,
      slice_ms: 250,
      max_ms: (spec.maxSeconds ?? 30) * 1000,
      good_p99_ms: 1000
    }
  return result
}

/** A healthy scenario: 200 requests at `ms` before and during the fault, recovered in `recovery` s. */
export function healthy(name: string, ms = 10, recovery = 1): ScenarioResult {
  return scenario({
    name,
    baseline: { latencies: { ms: 5, requests: 200 } },
    inject: { latencies: { ms, requests: 200 } },
    recovery: { latencies: { ms: 5, requests: 100 } },
    recoverySeconds: recovery
  })
}

export function injectPayload(
  scenarios: ScenarioResult[],
  environment: string | null = null
): InjectPayload {
  return {
    config: 'chaos.yml',
    target_url: 'http://127.0.0.1:1/',
    health_url: 'http://127.0.0.1:1/health',
    seed: 1,
    dry_run: false,
    selection: { group: null, scenarios: [], intensity: null, environment },
    slo_targets: {},
    timing: {
      baseline_ms: 2000,
      slice_ms: 250,
      required_slices: 3,
      max_recovery_ms: 30_000,
      cooldown_ms: 0,
      max_baseline_error_percent: 1
    },
    safety: { abort: {}, max_total_ms: null },
    traffic: { rate: 100, request_timeout_ms: 2000, requests: [] },
    plan: [],
    expected_seconds: 0,
    scenarios,
    summary: summarizeResults(scenarios)
  }
}
