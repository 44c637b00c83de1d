/**
 * The experiment: opens the dependency proxies, then runs each planned scenario's lifecycle in
 * order with a cooldown between them, and closes everything it opened, whatever happens.
 * Cancellation (the signal) stops the current scenario, rolls it back and skips the rest.
 */
import { type Clock, realClock } from '../clock.js'
import { UserError } from '../errors.js'
import { type Address, TcpProxy } from '../proxy/tcp-proxy.js'
import { type LoadDriverFactory, openLoopDriver } from '../traffic/driver.js'
import { runScenario, type ScenarioEnv, type SteadyState } from './lifecycle.js'
import type { Plan } from './plan.js'
import { newResult, type ScenarioResult } from './result.js'
import type { Rollback } from './rollback.js'

/** The run's options: everything a scenario runs with but its live parts. */
export type EngineOptions = Omit<
  ScenarioEnv,
  'clock' | 'signal' | 'rollback' | 'load' | 'dependency' | 'steadyState' | 'log'
>

export interface EngineDeps {
  rollback: Rollback
  steadyState: (signal: AbortSignal) => Promise<SteadyState>
  clock?: Clock
  /** The traffic's driver; the open-loop generator by default. */
  load?: LoadDriverFactory
  signal?: AbortSignal
  log?: (line: string) => void
  /** Called after each scenario, e.g. to write partial results. */
  onScenario?: (result: ScenarioResult) => void
}

function key(address: Address): string {
  return `${address.host}:${address.port}`
}

async function openDependencies(plan: Plan, rollback: Rollback): Promise<Map<string, TcpProxy>> {
  const proxies = new Map<string, TcpProxy>()
  for (const { listen, upstream } of plan.dependencies) {
    // a dependency may live elsewhere (a service container by name): its address is the user's
    const proxy = new TcpProxy({ listen, upstream, allowRemoteUpstream: true })
    rollback.register(`close the dependency proxy on ${key(listen)}`, () => proxy.close(), {
      kind: 'listener',
      name: `dependency proxy on ${key(listen)}`,
      host: listen.host,
      port: listen.port
    })
    try {
      await proxy.start()
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      throw new UserError(
        `cannot listen on ${key(listen)} for the dependency proxy (${code ?? (error as Error).message}).`,
        code === 'EADDRINUSE'
          ? `Something already listens there: 'listen' must be a free port that your service uses to reach the dependency, and 'upstream' the dependency's real address.`
          : 'Use a local address and a free port for listen.'
      )
    }
    proxies.set(key(listen), proxy)
  }
  return proxies
}

export async function runExperiment(
  plan: Plan,
  options: EngineOptions,
  deps: EngineDeps
): Promise<ScenarioResult[]> {
  const clock = deps.clock ?? realClock
  const signal = deps.signal ?? new AbortController().signal
  const log = deps.log ?? (() => {})
  const results: ScenarioResult[] = []
  const scope = deps.rollback.scope('the experiment')
  try {
    const dependencies = await openDependencies(plan, scope)
    const start = clock.now()
    const maxTotalMs = options.safety.maxTotalMs
    let ran = 0
    const planned = plan.items.filter(item => item.status === 'planned').length
    for (const item of plan.items) {
      if (
        item.status === 'planned' &&
        maxTotalMs !== null &&
        clock.now() - start + item.expected_seconds * 1000 > maxTotalMs
      ) {
        results.push(
          newResult(
            item.scenario,
            item.fault,
            'skipped',
            `safety.max_total_duration_seconds (${maxTotalMs / 1000} s) would be exceeded: ${Math.round((clock.now() - start) / 1000)} s used, this scenario needs about ${item.expected_seconds} s`
          )
        )
        continue
      }
      if (item.status === 'planned' && ran > 0 && plan.items.length > 1)
        await clock.sleep(options.timing.cooldownMs, signal)
      if (signal.aborted && item.status === 'planned') {
        results.push(
          newResult(item.scenario, item.fault, 'skipped', 'the run was cancelled before it started')
        )
        continue
      }
      if (item.status === 'planned') {
        ran++
        log(
          `scenario ${ran}/${planned} '${item.scenario.name}' (${item.scenario.type}, ${item.scenario.intensity})`
        )
      }
      const result = await runScenario(item, {
        ...options,
        clock,
        signal,
        rollback: scope,
        load: deps.load ?? openLoopDriver,
        dependency: listen => {
          const proxy = dependencies.get(key(listen))
          if (!proxy) throw new Error(`no dependency proxy on ${key(listen)}`)
          return proxy
        },
        steadyState: deps.steadyState,
        log
      })
      if (item.status === 'planned')
        log(`  ${result.status}${result.reason ? `: ${result.reason}` : ''}`)
      results.push(result)
      deps.onScenario?.(result)
    }
  } finally {
    await scope.runAll()
  }
  return results
}
