import { readFileSync } from 'node:fs'

import { describe, expect, it } from '@jest/globals'

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
