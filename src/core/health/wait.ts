/**
 * Waits until every endpoint answers as expected `requiredSuccesses` times in a row. Rounds probe all
 * endpoints not yet healthy, in parallel; between rounds the delay backs off while rounds fail and
 * resets after a clean round. A new round starts no later than the deadline; each round is bounded by
 * the per-request timeout, so the whole wait ends by `timeoutMs + requestTimeoutMs`.
 */
import { type Clock, type Random, realClock } from '../clock.js'
import { backoffDelay, type BackoffPolicy } from './backoff.js'
import { type HttpGet, nodeHttpGet } from './http-get.js'
import { probe, type ProbeExpectation, type ProbeKind } from './probe.js'

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

function newEndpoint(url: URL): EndpointReport {
  return {
    url: url.href,
    healthy: false,
    probes: 0,
    consecutiveSuccesses: 0,
    lastKind: null,
    lastStatus: null,
    lastError: null,
    elapsedMs: 0
  }
}

/** Runs one round over the endpoints still pending; returns true when any probe failed. */
async function runRound(
  options: HealthOptions,
  pending: EndpointReport[],
  deps: Required<Omit<HealthDeps, 'signal' | 'onProbe'>> & HealthDeps,
  start: number,
  round: number
): Promise<boolean> {
  const results = await Promise.all(
    pending.map(endpoint =>
      probe(deps.get, new URL(endpoint.url), options.requestTimeoutMs, options, () =>
        deps.clock.now()
      )
    )
  )
  let failed = false
  pending.forEach((endpoint, i) => {
    const result = results[i]!
    endpoint.probes++
    endpoint.lastKind = result.kind
    endpoint.lastStatus = result.status ?? null
    endpoint.lastError = result.error ?? null
    endpoint.consecutiveSuccesses = result.kind === 'ok' ? endpoint.consecutiveSuccesses + 1 : 0
    endpoint.healthy = endpoint.consecutiveSuccesses >= options.requiredSuccesses
    endpoint.elapsedMs = Math.round(deps.clock.now() - start)
    if (result.kind !== 'ok') failed = true
    deps.onProbe?.(endpoint, round)
  })
  return failed
}

/** Polls until healthy, the deadline passes or `signal` aborts. Never throws for network failures. */
export async function waitForHealthy(
  options: HealthOptions,
  deps: HealthDeps = {}
): Promise<HealthReport> {
  const full = { get: nodeHttpGet, clock: realClock, random: Math.random, ...deps }
  const start = full.clock.now()
  const deadline = start + options.timeoutMs
  const endpoints = options.urls.map(newEndpoint)
  let rounds = 0
  let failuresInARow = 0
  for (;;) {
    rounds++
    const pending = endpoints.filter(endpoint => !endpoint.healthy)
    failuresInARow = (await runRound(options, pending, full, start, rounds))
      ? failuresInARow + 1
      : 0
    const now = full.clock.now()
    if (endpoints.every(endpoint => endpoint.healthy) || now >= deadline || deps.signal?.aborted)
      break
    const delay = Math.min(
      backoffDelay(options.backoff, failuresInARow, full.random),
      deadline - now
    )
    await full.clock.sleep(delay, deps.signal)
    if (deps.signal?.aborted) break
  }
  const elapsedMs = Math.round(full.clock.now() - start)
  for (const endpoint of endpoints) if (!endpoint.healthy) endpoint.elapsedMs = elapsedMs
  return {
    healthy: endpoints.every(endpoint => endpoint.healthy),
    attempts: rounds,
    elapsedMs,
    endpoints
  }
}
