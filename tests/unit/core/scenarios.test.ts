import { readFileSync } from 'node:fs'

import { describe, expect, it } from '@jest/globals'

import { describeError, UserErrors } from '../../../src/core/errors.js'
import { buildPlan } from '../../../src/core/experiment/plan.js'
import { parseScenarioFile } from '../../../src/core/scenarios/parse.js'
import { selectScenarios } from '../../../src/core/scenarios/select.js'
import { ROOT } from '../../helpers/action-runner.js'
import { userErrorOf } from '../../helpers/errors.js'

const seedFormat = readFileSync(`${ROOT}/examples/chaos_scenarios.yml`, 'utf8')
const file = parseScenarioFile('chaos_scenarios.yml', seedFormat)

describe('scenario files in the seed format', () => {
  it('reads every section of the seed format unchanged', () => {
    expect(file.scenarios).toHaveLength(18)
    expect(file.scenarios[0]).toMatchObject({
      name: 'CPU Stress - Light',
      type: 'cpu_exhaust',
      intensity: 'light',
      duration: 30,
      parameters: { cpu_workers: 2 }
    })
    expect(file.slo_targets).toMatchObject({
      mttr_seconds: 45,
      recovery: { required_health_checks: 3 }
    })
    expect(file.slo_severity.blocking).toMatchObject({ max_error_rate_percent: 15 })
    expect(Object.keys(file.scenario_groups)).toEqual([
      'smoke_test',
      'standard_test',
      'stress_test',
      'infrastructure_test',
      'production_readiness'
    ])
    expect(file.monitoring.health_check).toEqual({
      endpoint: '/api/health',
      timeout: 5,
      interval: 2
    })
    expect(file.safety).toMatchObject({
      cooldown_seconds: 5,
      require_confirmation: ['container_crash', 'database_down'],
      auto_rollback: true
    })
  })

  it('selects by group, pattern, intensity and environment, applying the environment SLOs', () => {
    expect(selectScenarios(file, { group: 'smoke_test' }).scenarios.map(s => s.name)).toEqual([
      'CPU Stress - Light',
      'Network Delay - Light'
    ])
    expect(
      selectScenarios(file, { scenarios: ['network*'], intensity: 'heavy' }).scenarios.map(
        s => s.name
      )
    ).toEqual(['Network Delay - Heavy'])
    const production = selectScenarios(file, { environment: 'production' })
    expect(production.scenarios).toHaveLength(4)
    expect(production.sloTargets).toMatchObject({
      mttr_seconds: 30,
      min_availability_percent: 99,
      max_latency_degradation_ms: 800,
      recovery: { required_health_checks: 3 }
    })
  })

  it('names unknown groups, environments and scenarios with a suggestion', () => {
    expect(userErrorOf(() => selectScenarios(file, { group: 'smoke_tests' })).message).toMatch(
      /no scenario group 'smoke_tests'.*Did you mean 'smoke_test'\?/
    )
    expect(userErrorOf(() => selectScenarios(file, { environment: 'prod' })).location.input).toBe(
      'environment'
    )
    expect(
      userErrorOf(() => selectScenarios(file, { scenarios: ['CPU Stres - Light'] })).message
    ).toMatch(/Did you mean 'CPU Stress - Light'\?/)
  })

  it.each([
    [
      'a misspelled key',
      seedFormat.replace(
        "    intensity: light\n    duration: 30\n    description: '2 busy",
        "    intensty: light\n    duration: 30\n    description: '2 busy"
      ),
      /scenarios\[0\]\.intensty: unknown key 'intensty'\. Did you mean 'intensity'\?/
    ],
    [
      'a misspelled type',
      seedFormat.replace('type: network_delay', 'type: network_dealy'),
      /unknown type 'network_dealy'\. Did you mean 'network_delay'\?/
    ],
    [
      'a wrong parameter',
      seedFormat.replace('cpu_workers: 2', 'cpu_worker: 2'),
      /unknown key 'cpu_worker'\. Did you mean 'cpu_workers'\?/
    ],
    [
      'a bad intensity',
      seedFormat.replace('intensity: heavy', 'intensity: extreme'),
      /'extreme' is not allowed/
    ],
    [
      'a negative duration',
      seedFormat.replace('duration: 45', 'duration: -1'),
      /expected a number ≥ 0/
    ],
    [
      'a group naming a missing scenario',
      seedFormat.replace(
        "scenarios: ['CPU Stress - Light', 'Network Delay - Light']",
        "scenarios: ['CPU Stress - Lite']"
      ),
      /unknown scenario 'CPU Stress - Lite'\. Did you mean 'CPU Stress - Light'\?/
    ],
    [
      'an unknown section',
      `${seedFormat}\nsafty: {}\n`,
      /unknown key 'safty'\. Did you mean 'safety'\?/
    ]
  ])('rejects %s, with the file and line', (_name, text, message) => {
    const error = userErrorOf(() => parseScenarioFile('chaos_scenarios.yml', text))
    expect(error.message).toMatch(message)
    expect(error.location.file).toBe('chaos_scenarios.yml')
    expect(error.location.line).toBeGreaterThan(1)
  })
})

describe('every problem in a scenario file at once (issue #20)', () => {
  const BAD = `slo_targets:
  max_error_rate_percent: 5
scenarios:
  - name: slow
    type: network_delay
    intensity: medium
    duration: 2
    parameters:
      delay: 150
  - name: flaky
    type: http_fualt
    intensity: light
    duration: 1
  - name: cpu
    type: cpu_exhaust
    intensity: extreme
    duraton: 2
`

  it('reports each one with its file, line and fix, in the order of the file', () => {
    // A misspelled duration is one problem (the did-you-mean), not also a missing duration.
    const error = userErrorOf(() => parseScenarioFile('bad.yml', BAD))
    expect(error).toBeInstanceOf(UserErrors)
    expect(error.message).toBe('4 problems in bad.yml')
    const problems = (error as UserErrors).problems
    expect(problems.map(p => [p.location.file, p.location.line, p.message])).toEqual([
      [
        'bad.yml',
        9,
        "scenarios[0].parameters.delay: unknown key 'delay'. Did you mean 'delay_ms'?"
      ],
      [
        'bad.yml',
        11,
        "scenarios[1].type: scenario 'flaky' has an unknown type 'http_fualt'. Did you mean 'http_fault'?"
      ],
      ['bad.yml', 16, "scenarios[2].intensity: 'extreme' is not allowed."],
      ['bad.yml', 17, "scenarios[2].duraton: unknown key 'duraton'. Did you mean 'duration'?"]
    ])
    expect(problems.every(p => p.fix.length > 0)).toBe(true)
    // Shown as one message that lists them all, each with its fix.
    const text = describeError(error)
    expect(text.split('\n')[0]).toBe('4 problems in bad.yml:')
    expect(text).toContain('- bad.yml:9:7: scenarios[0].parameters.delay')
    expect(text).toContain('  Fix: Use one of: light, medium, heavy.')
  })

  it('lists every unknown key of one mapping, and one problem as itself', () => {
    const two = userErrorOf(() =>
      parseScenarioFile(
        's.yml',
        'scenarios:\n  - {name: a, type: network_delay, intensity: light, duration: 1, parameters: {delay: 1, jiter_ms: 2}}\n'
      )
    ) as UserErrors
    expect(two.problems.map(p => p.message.split(': ').at(-1))).toEqual([
      "unknown key 'delay'. Did you mean 'delay_ms'?",
      "unknown key 'jiter_ms'. Did you mean 'jitter_ms'?"
    ])
    const one = userErrorOf(() =>
      parseScenarioFile(
        's.yml',
        'scenarios:\n  - {name: a, type: network_delay, intensity: light}\n'
      )
    )
    expect(one).not.toBeInstanceOf(UserErrors)
    expect(one.message).toBe("scenarios[0].duration: scenario 'a' has no duration.")
  })

  it('reports bad parameter values of several scenarios at once when planning', () => {
    const file = parseScenarioFile(
      's.yml',
      `scenarios:
  - {name: a, type: network_delay, intensity: light, duration: 1, parameters: {delay_ms: -5}}
  - {name: b, type: http_fault, intensity: light, duration: 1, parameters: {error_rate_percent: 400}}
`
    )
    const timing = {
      baselineMs: 1000,
      sliceMs: 200,
      requiredSlices: 3,
      maxRecoveryMs: 1000,
      cooldownMs: 0
    }
    const error = userErrorOf(() => buildPlan(file.file, file.scenarios, timing)) as UserErrors
    expect(error.message).toBe('2 problems in the parameters of s.yml')
    expect(error.problems.map(p => [p.location.line, p.message.split(':')[0]])).toEqual([
      [2, "scenario 'a'"],
      [3, "scenario 'b'"]
    ])
  })
})
