/** The safety section: abort conditions on a service that degrades on purpose, and the run's bound. */
import { describe, expect, it } from '@jest/globals'

import { okTarget, runYaml, scenarioYaml } from './helpers.js'

describe('abort conditions', () => {
  it.each([
    ['error_rate_percent', { error_rate_percent: 50 }, 'http_fault', { status: 503 }],
    ['consecutive_failures', { consecutive_failures: 5 }, 'http_fault', { status: 503 }],
    ['response_time_ms', { response_time_ms: 150 }, 'network_delay', { delay_ms: 300 }]
  ])(
    '%s fires, rolls the fault back at once and ends the scenario aborted',
    async (name, abort, type, params) => {
      const [result] = await runYaml(scenarioYaml(type, 10, params), {
        target: await okTarget(),
        abort
      })
      expect(result!.status).toBe('aborted')
      expect(result!.reason).toMatch(new RegExp(`^abort condition ${name}: `))
      // The fault was meant to last 10 s; it ended within about a second.
      expect(result!.phases.inject!.duration_ms).toBeLessThan(2000)
      expect(result!.recovery!.recovered).toBe(true)
    }
  )
})

describe('max_total_duration', () => {
  it('skips the scenarios that would run past it, with the reason', async () => {
    const yaml = `scenarios:
  - {name: one, type: network_delay, intensity: light, duration: 1, parameters: {delay_ms: 10}}
  - {name: two, type: network_delay, intensity: light, duration: 1, parameters: {delay_ms: 10}}
  - {name: three, type: network_delay, intensity: light, duration: 1, parameters: {delay_ms: 10}}
`
    const results = await runYaml(yaml, { target: await okTarget(), maxTotalMs: 5000 })
    expect(results.map(r => r.status)).toEqual(['passed', 'skipped', 'skipped'])
    expect(results[1]!.reason).toMatch(/max_total_duration_seconds \(5 s\) would be exceeded/)
  })
})
