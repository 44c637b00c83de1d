/**
 * One scenario's lifecycle, the Chaos Toolkit way, as named phases over one record ({@link Run}):
 * steady state → baseline → inject and watch → rollback → recovery → journal. Traffic comes from
 * the `LoadDriver` it is handed (the open-loop generator by default) and runs through the fault
 * proxy from the baseline to the end of recovery. Whatever happens (an error, cancellation, the
 * scenario's deadline on the injected clock) the fault's undos and the proxy's close run before
 * this returns.
 */
import type { Clock } from '../clock.js'
import type { Applied } from '../faults/plugin.js'
import { HttpFaultProxy } from '../proxy/http-proxy.js'
import type { TcpProxy } from '../proxy/tcp-proxy.js'
import { deriveSeed } from '../random.js'
import type { LoadDriver } from '../traffic/driver.js'
import { encodeHistogram } from '../traffic/latency.js'
import type { Phase, PhaseSummary } from '../traffic/phase.js'
import type { PlanItem } from './plan.js'
import { openTargetProxy } from './proxy.js'
import { checksOf, recoveryFigures } from './recovery.js'
import { newResult, type PhaseResult, type ScenarioResult, type ScenarioStatus } from './result.js'
import type { Rollback } from './rollback.js'
import type { ScenarioEnv } from './scenario-env.js'
import { unmeasurable, verdict } from './verdict.js'
import { awaitRecovery, settle, watchFault } from './watch.js'

export type { ScenarioEnv, SteadyState } from './scenario-env.js'

class Stop extends Error {
  constructor(
    readonly status: ScenarioStatus,
    reason: string
  ) {
    super(reason)
  }
}

/** One scenario as it runs: every phase reads and fills this record. */
interface Run {
  item: PlanItem & { plugin: NonNullable<PlanItem['plugin']> }
  env: ScenarioEnv
  result: ScenarioResult
  seed: number
  start: number
  /** Aborted on cancellation or at the deadline. */
  signal: AbortSignal
  stopIfAborted: () => void
  scope: Rollback
  fault: Rollback | null
  reportsBefore: number
  traffic: LoadDriver | null
  tcp: TcpProxy | null
  http: HttpFaultProxy | null
  baseline: Phase | null
  inject: Phase | null
  /** A request slower than this (ms) is bad; a slice good with its p99 at or under it. */
  bound: number
  applied: Applied | null
  abort: string | null
}

/** The scenario's deadline on the injected clock: aborts `signal` when it passes, until `done`. */
function deadline(
  clock: Clock,
  ms: number,
  outer: AbortSignal
): { signal: AbortSignal; passed: () => boolean; done: () => void } {
  const timer = new AbortController()
  const finished = new AbortController()
  void clock.sleep(ms, AbortSignal.any([finished.signal, outer])).then(() => {
    if (!finished.signal.aborted && !outer.aborted) timer.abort()
  })
  return {
    signal: AbortSignal.any([outer, timer.signal]),
    passed: () => timer.signal.aborted,
    done: () => finished.abort()
  }
}

/** 1. Steady state: the health endpoint, before anything is touched. */
async function checkSteadyState(run: Run): Promise<void> {
  run.result.steady_state = await run.env.steadyState(run.signal)
  run.stopIfAborted()
  if (!run.result.steady_state.healthy)
    throw new Stop(
      'steady-state-not-met',
      `the service is not healthy: ${run.result.steady_state.detail}`
    )
}

/**
 * 2. Baseline: the fault proxy opens in pass-through and traffic starts through it; after a short
 * warm-up (not counted), the baseline runs, then closes once every request due in it is answered.
 */
async function measureBaseline(run: Run): Promise<void> {
  const { env } = run
  const proxy = await openTargetProxy(run.item.plugin.route, env, run.seed, run.scope)
  if (proxy instanceof HttpFaultProxy) run.http = proxy
  else run.tcp = proxy
  const via = proxy.address
  const warmupMs = Math.min(500, env.timing.baselineMs / 4)
  run.traffic = env.load(
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
  run.traffic.phase('warmup')
  await env.clock.sleep(warmupMs, run.signal)
  run.stopIfAborted()
  const baseline = (run.baseline = run.traffic.phase('baseline'))
  env.log(`  baseline: ${env.timing.baselineMs / 1000} s at ${env.rate} requests/s`)
  await env.clock.sleep(env.timing.baselineMs, run.signal)
  run.traffic.phase('guard')
  await settle(baseline, env, run.signal)
  run.stopIfAborted()
  const summary = baseline.summary(env.clock.now())
  if ((summary.error_rate_percent ?? 100) > env.maxBaselineErrorPercent)
    throw new Stop(
      'steady-state-not-met',
      `the baseline error rate was ${summary.error_rate_percent ?? 'unknown'}% (over ${env.maxBaselineErrorPercent}%) before any fault`
    )
  const p99 = summary.latency_ms.p99
  run.bound = Math.max(2 * p99, p99 + 50)
}

/** 3. Inject and watch: the fault for its duration, under the abort conditions. */
async function injectAndWatch(run: Run): Promise<void> {
  const { env, item } = run
  const inject = (run.inject = run.traffic!.phase('inject'))
  inject.slowMs = run.bound
  run.fault = run.scope.scope('the fault')
  env.log(`  inject: ${item.fault} for ${item.scenario.duration} s`)
  try {
    run.applied = await item.plugin.apply(item.settings, {
      tcp: run.tcp,
      http: run.http,
      dependency: env.dependency,
      seed: run.seed,
      rollback: run.fault,
      signal: run.signal,
      env: env.env,
      log: env.log
    })
  } catch (error) {
    throw new Stop('error', `the fault could not be applied: ${(error as Error).message}`)
  }
  run.result.details = run.applied.details
  run.abort = await watchFault(inject, env, item.scenario.duration * 1000, run.signal)
  run.stopIfAborted()
  if (run.abort) env.log(`  ${run.abort}: rolling back now`)
}

/** 4. Rollback: the fault's undos, in reverse; a failed one ends the scenario in error. */
async function rollBack(run: Run): Promise<void> {
  run.env.log('  rollback, then recovery')
  const reports = await run.fault!.runAll()
  const failed = reports.find(report => !report.ok)
  if (failed) throw new Stop('error', `rollback failed: ${failed.name}: ${failed.error}`)
}

/** 5. Recovery: until steady state holds again; then the figures, efficacy and verdict. */
async function measureRecovery(run: Run): Promise<void> {
  const { env, result } = run
  const recovery = run.traffic!.phase('recovery')
  recovery.slowMs = run.bound
  const watched = await awaitRecovery(recovery, env, run.bound, run.signal)
  const checks = [
    ...checksOf(run.inject!, run.bound, env.clock.now()),
    ...checksOf(recovery, run.bound, env.clock.now(), 0, watched.checked)
  ]
  await run.traffic!.stop()
  run.stopIfAborted()
  const figures = recoveryFigures(
    checks,
    watched.confirmed,
    run.inject!.start,
    recovery.start,
    run.item.plugin.oneShot
  )
  const { maxRecoveryMs, requiredSlices, sliceMs } = env.timing
  result.recovery = {
    recovered: watched.confirmed && (figures.judged_ms ?? 0) <= maxRecoveryMs,
    ...figures,
    required_slices: requiredSlices,
    slice_ms: sliceMs,
    max_ms: maxRecoveryMs,
    good_p99_ms: run.bound
  }
  const now = env.clock.now()
  const b = run.baseline!.summary(now)
  const i = run.inject!.summary(now)
  result.degradation_ms = {
    p50: round(i.latency_ms.p50 - b.latency_ms.p50),
    p95: round(i.latency_ms.p95 - b.latency_ms.p95),
    p99: round(i.latency_ms.p99 - b.latency_ms.p99)
  }
  result.efficacy = unmeasurable(run.applied!.efficacy({ baseline: b, inject: i }), i)
  Object.assign(result, verdict(run.abort, result.efficacy, result.recovery))
}

function phaseResult(phase: Phase, summary: PhaseSummary): PhaseResult {
  const { name, latency_ms, ...rest } = summary
  const { count, ...percentiles } = latency_ms
  void name
  void count
  return { ...rest, ...percentiles, hdr: encodeHistogram(phase.histogram) }
}

/** 6. Journal: the phases as measured, the proxies' journals, the undos and the time taken. */
function writeJournal(run: Run): void {
  const { result, env } = run
  const now = env.clock.now()
  for (const phase of run.traffic?.phases ?? []) {
    if (phase.name === 'warmup' || phase.name === 'guard') continue
    const key = phase.name as 'baseline' | 'inject' | 'recovery'
    result.phases[key] = phaseResult(phase, phase.summary(now))
  }
  if (run.http) result.journal.http = run.http.journal
  if (run.tcp) {
    const { connections, active, bytesUpstream, bytesDownstream, cut } = run.tcp.stats
    result.journal.proxy = {
      connections,
      active,
      bytes_upstream: bytesUpstream,
      bytes_downstream: bytesDownstream,
      cut
    }
  }
  result.rollback = env.rollback.reports.slice(run.reportsBefore)
  result.elapsed_ms = Math.round(now - run.start)
}

export async function runScenario(item: PlanItem, env: ScenarioEnv): Promise<ScenarioResult> {
  const scenario = item.scenario
  const seed = deriveSeed(env.seed, scenario.name)
  const result = newResult(scenario, item.fault, 'passed', null, seed)
  if (item.status !== 'planned' || !item.plugin) {
    result.status = item.status === 'skipped' ? 'skipped' : 'not-supported'
    result.reason = item.reason
    return result
  }
  const { baselineMs, maxRecoveryMs } = env.timing
  const limitMs =
    baselineMs + scenario.duration * 1000 + maxRecoveryMs + 3 * env.requestTimeoutMs + 30_000
  const limit = deadline(env.clock, limitMs, env.signal)
  const run: Run = {
    item: item as Run['item'],
    env,
    result,
    seed,
    start: env.clock.now(),
    signal: limit.signal,
    stopIfAborted: () => {
      if (limit.passed())
        throw new Stop('error', `the scenario did not finish within ${limitMs} ms`)
      if (limit.signal.aborted) throw new Stop('interrupted', 'cancelled (SIGINT/SIGTERM)')
    },
    scope: env.rollback.scope(`scenario '${scenario.name}'`),
    fault: null,
    reportsBefore: env.rollback.reports.length,
    traffic: null,
    tcp: null,
    http: null,
    baseline: null,
    inject: null,
    bound: Infinity,
    applied: null,
    abort: null
  }
  try {
    const cannot = await item.plugin.precheck?.(item.settings, env.env)
    if (cannot) throw new Stop('skipped', cannot)
    for (const phase of [
      checkSteadyState,
      measureBaseline,
      injectAndWatch,
      rollBack,
      measureRecovery
    ])
      await phase(run)
  } catch (error) {
    result.status = error instanceof Stop ? error.status : 'error'
    result.reason = error instanceof Error ? error.message : String(error)
  } finally {
    // Cancelled: undo first, at once. Otherwise let requests in flight finish, then close the proxy.
    if (run.signal.aborted) await run.scope.runAll()
    if (run.traffic) await run.traffic.stop()
    await run.scope.runAll()
    limit.done()
    writeJournal(run)
  }
  return result
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000
}
