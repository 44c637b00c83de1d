import { readFileSync } from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import { buildPlan, type Timing } from '../../../../src/core/experiment/plan.js'
import { parseScenarioFile } from '../../../../src/core/scenarios/parse.js'
import { SCENARIO_TYPES } from '../../../../src/core/scenarios/types.js'
import { ROOT } from '../../../helpers/action-runner.js'
import { userErrorOf } from '../../../helpers/errors.js'

const TIMING: Timing = {
  baselineMs: 2000,
  sliceMs: 250,
  requiredSlices: 3,
  maxRecoveryMs: 30_000,
  cooldownMs: 5000
}
const seedFile = path.join(ROOT, 'examples/chaos_scenarios.yml')

function plan(yaml: string, held: string[] = []): ReturnType<typeof buildPlan> {
  const file = parseScenarioFile('s.yml', yaml)
  return buildPlan(file.file, file.scenarios, TIMING, held)
}

describe('buildPlan', () => {
  it('plans every scenario of the seed file', () => {
    const file = parseScenarioFile(seedFile, readFileSync(seedFile, 'utf8'))
    const { items, expected_seconds } = buildPlan(file.file, file.scenarios, TIMING)
    expect(items.map(item => item.status)).toEqual(Array(18).fill('planned'))
    expect(items.map(item => item.scenario.type)).toEqual(
      expect.arrayContaining([
        'cpu_exhaust',
        'memory_leak',
        'network_delay',
        'network_loss',
        'container_crash',
        'database_down',
        'disk_stress'
      ])
    )
    // Their durations, baselines, warm-ups, typical recoveries and 17 cooldowns.
    const durations = items.reduce((sum, item) => sum + item.scenario.duration, 0)
    const total = durations + items.length * (0.5 + 2 + 0.75) + 17 * 5
    expect(expected_seconds).toBe(Math.round(total * 10) / 10)
  })

  it('marks a type with no plug-in not supported, with the reason, never planned', () => {
    const file = parseScenarioFile(
      's.yml',
      'scenarios:\n  - {name: a, type: network_delay, intensity: light, duration: 1}\n'
    )
    const unknown = { ...file.scenarios[0]!, type: 'quantum_flux' }
    const { items } = buildPlan(file.file, [unknown], TIMING)
    expect(items[0]).toMatchObject({
      status: 'not-supported',
      reason: 'no fault plug-in for quantum_flux'
    })
  })

  it('knows every registered type', () => {
    expect(Object.keys(SCENARIO_TYPES)).toEqual(
      expect.arrayContaining(['tcp_fault', 'http_fault', 'dependency_down'])
    )
  })

  it('describes each fault in words, with intensity defaults', () => {
    const { items } = plan(`scenarios:
  - {name: a, type: network_delay, intensity: heavy, duration: 1}
  - {name: b, type: http_fault, intensity: light, duration: 1, parameters: {error_rate_percent: 20, retry_after_seconds: 3}}
  - {name: c, type: http_fault, intensity: light, duration: 1, parameters: {fail_first: 5}}
  - {name: d, type: tcp_fault, intensity: light, duration: 1, parameters: {toxic: bandwidth, rate_kbps: 8, stream: upstream}}
  - {name: e, type: dependency_down, intensity: light, duration: 1, parameters: {listen: 15432, upstream: '127.0.0.1:5432'}}
`)
    expect(items.map(item => item.fault)).toEqual([
      '+500 ms on every response (latency toxic, proxy)',
      'answer 503 with Retry-After 3: 20% of requests (HTTP proxy, seeded per request)',
      'answer 503: every request among the first 5 (HTTP proxy, seeded per request)',
      'bandwidth toxic (rate=8) on upstream of the target (proxy)',
      'dependency 127.0.0.1:15432 → 127.0.0.1:5432 refuses connections (proxy)'
    ])
  })

  it('skips the types safety.require_confirmation holds back', () => {
    const { items } = plan(
      `scenarios:\n  - {name: a, type: network_delay, intensity: light, duration: 1}\n`,
      ['network_delay']
    )
    expect(items[0]!.status).toBe('skipped')
    expect(items[0]!.reason).toMatch(/allow-destructive/)
  })

  it('names the line of a bad parameter', () => {
    const error = userErrorOf(() =>
      plan(`scenarios:
  - name: a
    type: http_fault
    intensity: light
    duration: 1
    parameters:
      error_rate_percent: 150
`)
    )
    expect(error.location).toEqual({ file: 's.yml', line: 7 })
    expect(error.message).toMatch(/error_rate_percent must be a number from 0 to 100, got 150/)
  })

  it('refuses a dependency address that is not host:port', () => {
    const error = userErrorOf(() =>
      plan(`scenarios:
  - name: a
    type: dependency_down
    intensity: light
    duration: 1
    parameters: {listen: 'db', upstream: '127.0.0.1:5432'}
`)
    )
    expect(error.message).toMatch(/parameter listen is 'db', not host:port/)
    expect(error.location.line).toBe(6)
  })
})
