/** Running scenarios for tests: a scenario file in the seed's format, planned and run with short timings. */
import { afterEach } from '@jest/globals'

import { type EngineOptions, runExperiment } from '../../../../src/core/experiment/engine.js'
import { buildPlan, type Timing } from '../../../../src/core/experiment/plan.js'
import type { ScenarioResult } from '../../../../src/core/experiment/result.js'
import { Rollback } from '../../../../src/core/experiment/rollback.js'
import type { AbortConditions } from '../../../../src/core/experiment/safety.js'
import { healthSteadyState } from '../../../../src/core/experiment/steady-state.js'
import { parseScenarioFile } from '../../../../src/core/scenarios/parse.js'
import type { LoadDriverFactory } from '../../../../src/core/traffic/driver.js'
import { scriptedServer, type TestServer } from '../../../helpers/servers.js'

export const FAST: Timing = {
  baselineMs: 1000,
  sliceMs: 200,
  requiredSlices: 3,
  maxRecoveryMs: 8000,
  cooldownMs: 0
}

export interface RunOptions {
  target: string
  health?: string
  rate?: number
  seed?: number
  timing?: Partial<Timing>
  signal?: AbortSignal
  rollback?: Rollback
  abort?: AbortConditions
  env?: NodeJS.ProcessEnv
  maxTotalMs?: number
  load?: LoadDriverFactory
}

/** Plans and runs the scenarios of `yaml` against `target`. */
export async function runYaml(yaml: string, options: RunOptions): Promise<ScenarioResult[]> {
  const file = parseScenarioFile('scenarios.yml', yaml)
  const timing = { ...FAST, ...options.timing }
  const plan = buildPlan(file.file, file.scenarios, timing)
  const target = new URL(options.target)
  const engine: EngineOptions = {
    target,
    requests: [{ method: 'GET', path: target.pathname === '/' ? '/' : target.pathname }],
    rate: options.rate ?? 100,
    requestTimeoutMs: 2000,
    timing,
    maxBaselineErrorPercent: 1,
    seed: options.seed ?? 42,
    env: options.env ?? process.env,
    safety: { abort: options.abort ?? {}, maxTotalMs: options.maxTotalMs ?? null }
  }
  return runExperiment(plan, engine, {
    rollback: options.rollback ?? new Rollback(),
    steadyState: healthSteadyState({
      url: new URL(options.health ?? options.target),
      required: 1,
      timeoutMs: 3000,
      requestTimeoutMs: 1000
    }),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.load ? { load: options.load } : {})
  })
}

/** One scenario of the given type, duration and parameters, in the seed's YAML format. */
export function scenarioYaml(
  type: string,
  duration: number,
  parameters: Record<string, unknown>
): string {
  const params = Object.entries(parameters)
    .map(([key, value]) => `      ${key}: ${JSON.stringify(value)}`)
    .join('\n')
  return `scenarios:
  - name: 'test ${type}'
    type: ${type}
    intensity: medium
    duration: ${duration}
${params ? `    parameters:\n${params}\n` : ''}`
}

const opened: TestServer[] = []
afterEach(async () => {
  while (opened.length) await opened.pop()!.close()
})

/** A local service answering 200 to everything, closed after the test. */
export async function okServer(): Promise<TestServer> {
  const server = await scriptedServer(() => ({ status: 200, body: { ok: true } }))
  opened.push(server)
  return server
}

/** The URL of a fresh {@link okServer}. */
export async function okTarget(): Promise<string> {
  return (await okServer()).url
}
