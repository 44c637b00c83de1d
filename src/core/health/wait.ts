/**
 * Waits until every endpoint answers as expected `requiredSuccesses` times in a row. Rounds probe all
 * endpoints not yet healthy, in parallel; between rounds the delay backs off while rounds fail and
 * resets after a clean round. A new round starts no later than the deadline; each round is bounded by
 * the per-request timeout, so the whole wait ends by `timeoutMs + requestTimeoutMs`.
 */
import { backoffDelay, type BackoffPolicy } from '../backoff.js'
import { type Clock, type Random, realClock } from '../clock.js'
import { type HttpGet, nodeHttpGet } from './http-get.js'
import { probe, type ProbeExpectation, type ProbeKind, type ProbeResult } from './probe.js'

export interface HealthOptions extends ProbeExpectation {
  urls: URL[]
  requiredSuccesses: number
  timeoutMs: number
  requestTimeoutMs: number
  backoff: BackoffPolicy
}

/** What happened at one endpoint. */
export interface EndpointReport {
  url: string
  healthy: boolean
  probes: number
  consecutiveSuccesses: number
  lastKind: ProbeKind | null
  lastStatus: number | null
  lastError: string | null
  /** Time from the start until it became healthy, or until the wait ended. */
  elapsedMs: number
}

export interface HealthReport {
  healthy: boolean
  /** The wait was stopped by its signal (the job was cancelled) before a verdict. */
  cancelled: boolean
  /** Polling rounds. */
  attempts: number
  elapsedMs: number
  endpoints: EndpointReport[]
}

/** The wait's dependencies, real by default. */
export interface HealthDeps {
  get?: HttpGet
  clock?: Clock
  random?: Random
  /** Stops the wait early, e.g. when the job is cancelled. */
  signal?: AbortSignal
  /** Called after each probe, for live logs. */
  onProbe?: (endpoint: EndpointReport, round: number) => void
}

/** A URL safe to print and store: any password is replaced by `***`. */
export function redactUrl(url: URL): string {
  if (!url.password) return url.href
  const copy = new URL(url.href)
  copy.password = '***'
  return copy.href
}

/** An endpoint's real URL (with credentials) and its report (without). */
interface Target {
  url: URL
  report: EndpointReport
}

function newTarget(url: URL): Target {
  return { url, report: newEndpoint(url) }
}

function newEndpoint(url: URL): EndpointReport {
  return {
    url: redactUrl(url),
    healthy: false,
    probes: 0,
    consecutiveSuccesses: 0,
    lastKind: null,
    lastStatus: null,
    lastError: null,
    elapsedMs: 0
  }
}

/** Records one probe's result on its endpoint. */
function record(endpoint: EndpointReport, result: ProbeResult, required: number, at: number): void {
  endpoint.probes++
  endpoint.lastKind = result.kind
  endpoint.lastStatus = result.status ?? null
  endpoint.lastError = result.error ?? null
  endpoint.consecutiveSuccesses = result.kind === 'ok' ? endpoint.consecutiveSuccesses + 1 : 0
  endpoint.healthy = endpoint.consecutiveSuccesses >= required
  endpoint.elapsedMs = Math.round(at)
}

/** Probes every pending target once, in parallel; returns true when any probe failed. */
async function runRound(
  options: HealthOptions,
  pending: Target[],
  deps: RoundDeps,
  round: number
): Promise<boolean> {
  const now = (): number => deps.clock.now()
  const results = await Promise.all(
    pending.map(target => probe(deps.get, target.url, options.requestTimeoutMs, options, now))
  )
  pending.forEach(({ report }, i) => {
    record(report, results[i]!, options.requiredSuccesses, now() - deps.start)
    deps.onProbe?.(report, round)
  })
  return results.some(result => result.kind !== 'ok')
}

interface RoundDeps {
  get: HttpGet
  clock: Clock
  start: number
  onProbe?: HealthDeps['onProbe']
}

/** Polls until healthy, the deadline passes or `signal` aborts. Never throws for network failures. */
export async function waitForHealthy(
  options: HealthOptions,
  deps: HealthDeps = {}
): Promise<HealthReport> {
  const { get = nodeHttpGet, clock = realClock, random = Math.random, signal, onProbe } = deps
  const start = clock.now()
  const deadline = start + options.timeoutMs
  const targets = options.urls.map(newTarget)
  const endpoints = targets.map(target => target.report)
  let rounds = 0
  let failuresInARow = 0
  for (;;) {
    rounds++
    const pending = targets.filter(target => !target.report.healthy)
    const failed = await runRound(options, pending, { get, clock, start, onProbe }, rounds)
    failuresInARow = failed ? failuresInARow + 1 : 0
    const now = clock.now()
    if (endpoints.every(endpoint => endpoint.healthy) || now >= deadline || signal?.aborted) break
    await clock.sleep(
      Math.min(backoffDelay(options.backoff, failuresInARow, random), deadline - now),
      signal
    )
    if (signal?.aborted) break
  }
  const elapsedMs = Math.round(clock.now() - start)
  for (const endpoint of endpoints) if (!endpoint.healthy) endpoint.elapsedMs = elapsedMs
  const healthy = endpoints.every(endpoint => endpoint.healthy)
  return {
    healthy,
    cancelled: !healthy && (signal?.aborted ?? false),
    attempts: rounds,
    elapsedMs,
    endpoints
  }
}
