/**
 * One scenario's lifecycle, the Chaos Toolkit way: steady state → baseline → inject → rollback →
 * recovery, with the waits (the fault under watch, recovery), the proxy and the verdict in their
 * own functions. Traffic runs open-loop through the fault proxy from the baseline to the end of
 * recovery. Whatever happens (an error, cancellation, the scenario timeout) the fault's undos and
 * the proxy's close run before this returns.
 */
import type { Clock } from '../clock.js'
import type { Applied, Efficacy, Route } from '../faults/plugin.js'
import { HttpFaultProxy } from '../proxy/http-proxy.js'
import { type Address, TcpProxy } from '../proxy/tcp-proxy.js'
import { deriveSeed } from '../random.js'
import { TrafficGenerator } from '../traffic/generator.js'
import { encodeHistogram, summarize } from '../traffic/latency.js'
import type { Phase, PhaseSummary } from '../traffic/phase.js'
import type { TrafficRequest } from '../traffic/requests.js'
import type { PlanItem, Timing } from './plan.js'
import {
  newResult,
  type PhaseResult,
  type RecoveryResult,
  type ScenarioResult,
  type ScenarioStatus
} from './result.js'
import type { Rollback } from './rollback.js'
import { abortReason, type Safety } from './safety.js'

export interface SteadyState {
  healthy: boolean
  detail: string
}

/** What one scenario runs with: the run's options (the engine's) and its live parts. */
export interface ScenarioEnv {
  target: URL
  /** The target may be off this machine (allow-remote-target). */
  allowRemoteTarget?: boolean
  requests: TrafficRequest[]
  rate: number
  requestTimeoutMs: number
  timing: Timing
  /** The baseline fails the steady state above this error rate. */
  maxBaselineErrorPercent: number
  seed: number
  safety: Safety
  /** The environment commands run in (restart_command, your injector). */
  env: NodeJS.ProcessEnv
  clock: Clock
  signal: AbortSignal
  rollback: Rollback
  dependency: (listen: Address) => TcpProxy
  steadyState: (signal: AbortSignal) => Promise<SteadyState>
  log: (line: string) => void
}

class Stop extends Error {
  constructor(
    readonly status: ScenarioStatus,
    reason: string
  ) {
    super(reason)
  }
}

function phaseResult(phase: Phase, summary: PhaseSummary): PhaseResult {
  const { name, latency_ms, ...rest } = summary
  const { count, ...percentiles } = latency_ms
  void name
  void count
  return { ...rest, ...percentiles, hdr: encodeHistogram(phase.histogram) }
}

function targetAddress(url: URL): Address {
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80))
  }
}

/** A slice is good when it had requests, no errors, and a p99 no worse than `bound`. */
function isGood(phase: Phase, index: number, bound: number): boolean {
  const slice = phase.slices[index]
  if (!slice || slice.done === 0 || slice.errors > 0) return false
  return summarize(slice.histogram).p99 <= bound
}

/**
 * Watches the recovery phase slice by slice until `required` consecutive good slices, or `maxMs`.
 * Returns the start of the first good slice of the run, relative to the phase start, or null.
 */
async function awaitRecovery(
  phase: Phase,
  env: ScenarioEnv,
  bound: number,
  signal: AbortSignal
): Promise<number | null> {
  const { sliceMs, requiredSlices, maxRecoveryMs } = env.timing
  let checked = 0
  let run = 0
  for (;;) {
    const now = env.clock.now()
    while (phase.sliceComplete(checked, now)) {
      run = isGood(phase, checked, bound) ? run + 1 : 0
      checked++
      if (run >= requiredSlices) return (checked - run) * sliceMs
    }
    if (now - phase.start >= maxRecoveryMs + env.requestTimeoutMs || signal.aborted) return null
    await env.clock.sleep(sliceMs / 2, signal)
  }
}

/**
 * Keeps the fault on for `ms`, checking the abort conditions as slices complete; returns the
 * condition that fired (the fault then ends early), or null.
 */
async function watchFault(
  phase: Phase,
  env: ScenarioEnv,
  ms: number,
  signal: AbortSignal
): Promise<string | null> {
  const end = phase.start + ms
  const conditions = env.safety.abort
  const watching = Object.keys(conditions).length > 0
  let checked = 0
  for (;;) {
    const now = env.clock.now()
    if (watching) {
      const verdict = abortReason(phase, conditions, checked, now)
      if (verdict.reason) return verdict.reason
      checked = verdict.checked
    }
    if (now >= end || signal.aborted) return null
    await env.clock.sleep(
      Math.min(end - now, watching ? env.timing.sliceMs / 2 : end - now),
      signal
    )
  }
}

/** Opens the fault proxy in front of the target (closed by `scope`), in pass-through for now. */
async function openTargetProxy(
  route: Route,
  target: URL,
  seed: number,
  scope: Rollback,
  allowRemoteUpstream: boolean
): Promise<TcpProxy | HttpFaultProxy> {
  const upstream = targetAddress(target)
  const listen = { host: '127.0.0.1', port: 0 }
  const proxy =
    route === 'http'
      ? new HttpFaultProxy({ listen, upstream, allowRemoteUpstream })
      : new TcpProxy({ listen, upstream, seed, allowRemoteUpstream })
  scope.register(`close the ${route === 'http' ? 'HTTP' : 'TCP'} fault proxy`, () => proxy.close())
  await proxy.start()
  return proxy
}

/**
 * A fault that "did not land" while most requests failed outright (the service died, or went
 * away) was not measured, not absent: its efficacy is unknown, so the verdict rests on recovery.
 */
export function unmeasurable(efficacy: Efficacy, inject: PhaseSummary): Efficacy {
  const errors = inject.error_rate_percent ?? 0
  if (efficacy.landed !== false || errors < 50) return efficacy
  return {
    landed: null,
    detail: `${efficacy.detail}; not judged: ${errors}% of requests failed during the fault`
  }
}

/**
 * The verdict of a scenario whose fault ran: an abort condition first, then a fault that did not
 * land (the run says nothing about the service), then recovery in time.
 */
export function verdict(
  abort: string | null,
  efficacy: Efficacy,
  recovery: RecoveryResult
): { status: ScenarioStatus; reason: string | null } {
  if (abort) return { status: 'aborted', reason: abort }
  if (efficacy.landed === false)
    return { status: 'invalid', reason: `the fault did not visibly land: ${efficacy.detail}` }
  if (recovery.recovered) return { status: 'passed', reason: null }
  return {
    status: 'failed',
    reason:
      recovery.time_ms === null
        ? `not recovered: no ${recovery.required_slices} good slices in a row within ${recovery.max_ms / 1000} s`
        : `recovered after ${recovery.time_ms / 1000} s, over the ${recovery.max_ms / 1000} s allowed`
  }
}

export async function runScenario(item: PlanItem, env: ScenarioEnv): Promise<ScenarioResult> {
  const scenario = item.scenario
  const seed = deriveSeed(env.seed, scenario.name)
  const start = env.clock.now()
  const result = newResult(scenario, item.fault, 'passed', null, seed)
  if (item.status !== 'planned' || !item.plugin) {
    result.status = item.status === 'skipped' ? 'skipped' : 'not-supported'
    result.reason = item.reason
    return result
  }
  const plugin = item.plugin
  const { baselineMs, maxRecoveryMs } = env.timing
  const limitMs =
    baselineMs + scenario.duration * 1000 + maxRecoveryMs + 2 * env.requestTimeoutMs + 30_000
  const deadline = AbortSignal.timeout(limitMs)
  const signal = AbortSignal.any([env.signal, deadline])
  const scope = env.rollback.scope(`scenario '${scenario.name}'`)
  const reportsBefore = env.rollback.reports.length
  let traffic: TrafficGenerator | null = null
  let tcp: TcpProxy | null = null
  let http: HttpFaultProxy | null = null
  const stopIfAborted = (): void => {
    if (deadline.aborted)
      throw new Stop('error', `the scenario did not finish within ${limitMs} ms`)
    if (signal.aborted) throw new Stop('interrupted', 'cancelled (SIGINT/SIGTERM)')
  }
  try {
    const cannot = await plugin.precheck?.(item.settings, env.env)
    if (cannot) throw new Stop('skipped', cannot)

    // 1. Steady state.
    result.steady_state = await env.steadyState(signal)
    stopIfAborted()
    if (!result.steady_state.healthy)
      throw new Stop(
        'steady-state-not-met',
        `the service is not healthy: ${result.steady_state.detail}`
      )

    // The fault proxy in front of the target, in pass-through until the fault.
    const proxy = await openTargetProxy(
      plugin.route,
      env.target,
      seed,
      scope,
      !!env.allowRemoteTarget
    )
    if (proxy instanceof HttpFaultProxy) http = proxy
    else tcp = proxy
    const via = proxy.address
    const warmupMs = Math.min(500, baselineMs / 4)
    traffic = new TrafficGenerator(
      {
        url: new URL(`${env.target.protocol}//${via.host}:${via.port}`),
        host: env.target.host,
        requests: env.requests,
        rate: env.rate,
        timeoutMs: env.requestTimeoutMs,
        sliceMs: env.timing.sliceMs,
        rampMs: warmupMs
      },
      env.clock
    )

    // 2. Baseline, after a short warm-up (connections, JIT; the rate ramps up) that is not counted.
    traffic.phase('warmup')
    await env.clock.sleep(warmupMs, signal)
    stopIfAborted()
    const baseline = traffic.phase('baseline')
    env.log(`  baseline: ${baselineMs / 1000} s at ${env.rate} requests/s`)
    await env.clock.sleep(baselineMs, signal)
    stopIfAborted()
    const baselineNow = baseline.summary(env.clock.now())
    if ((baselineNow.error_rate_percent ?? 100) > env.maxBaselineErrorPercent)
      throw new Stop(
        'steady-state-not-met',
        `the baseline error rate was ${baselineNow.error_rate_percent ?? 'unknown'}% (over ${env.maxBaselineErrorPercent}%) before any fault`
      )

    // 3. Inject.
    const injectPhase = traffic.phase('inject')
    const fault = scope.scope('the fault')
    env.log(`  inject: ${item.fault} for ${scenario.duration} s`)
    let applied: Applied
    try {
      applied = await plugin.apply(item.settings, {
        tcp,
        http,
        dependency: env.dependency,
        seed,
        rollback: fault,
        signal,
        env: env.env,
        log: env.log
      })
    } catch (error) {
      throw new Stop('error', `the fault could not be applied: ${(error as Error).message}`)
    }
    result.details = applied.details
    const abort = await watchFault(injectPhase, env, scenario.duration * 1000, signal)
    stopIfAborted()
    if (abort) env.log(`  ${abort}: rolling back now`)

    // 4. Rollback.
    env.log('  rollback, then recovery')
    const reports = await fault.runAll()
    const failed = reports.find(report => !report.ok)
    if (failed) throw new Stop('error', `rollback failed: ${failed.name}: ${failed.error}`)

    // 5. Recovery.
    const recoveryPhase = traffic.phase('recovery')
    const baseP99 = baseline.summary(env.clock.now()).latency_ms.p99
    const bound = Math.max(2 * baseP99, baseP99 + 50)
    const time = await awaitRecovery(recoveryPhase, env, bound, signal)
    await traffic.stop()
    stopIfAborted()
    const now = env.clock.now()
    const b = baseline.summary(now)
    const i = injectPhase.summary(now)
    result.recovery = {
      recovered: time !== null && time <= maxRecoveryMs,
      time_ms: time,
      required_slices: env.timing.requiredSlices,
      slice_ms: env.timing.sliceMs,
      max_ms: maxRecoveryMs,
      good_p99_ms: bound
    }
    result.degradation_ms = {
      p50: round(i.latency_ms.p50 - b.latency_ms.p50),
      p95: round(i.latency_ms.p95 - b.latency_ms.p95),
      p99: round(i.latency_ms.p99 - b.latency_ms.p99)
    }
    result.efficacy = unmeasurable(applied.efficacy({ baseline: b, inject: i }), i)
    Object.assign(result, verdict(abort, result.efficacy, result.recovery))
  } catch (error) {
    if (error instanceof Stop) {
      result.status = error.status
      result.reason = error.message
    } else {
      result.status = 'error'
      result.reason = error instanceof Error ? error.message : String(error)
    }
  } finally {
    // Cancelled: undo first, at once. Otherwise let requests in flight finish, then close the proxy.
    if (signal.aborted) await scope.runAll()
    if (traffic) await traffic.stop()
    await scope.runAll()
    const now = env.clock.now()
    if (traffic)
      for (const phase of traffic.phases) {
        if (phase.name === 'warmup') continue
        const key = phase.name as 'baseline' | 'inject' | 'recovery'
        result.phases[key] = phaseResult(phase, phase.summary(now))
      }
    if (http) result.journal.http = http.journal
    if (tcp) {
      const { connections, active, bytesUpstream, bytesDownstream, cut } = tcp.stats
      result.journal.proxy = {
        connections,
        active,
        bytes_upstream: bytesUpstream,
        bytes_downstream: bytesDownstream,
        cut
      }
    }
    result.rollback = env.rollback.reports.slice(reportsBefore)
    result.elapsed_ms = Math.round(now - start)
  }
  return result
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000
}
