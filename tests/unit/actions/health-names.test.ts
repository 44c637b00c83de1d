/** actions/health/action.yml and the code agree on every input, output and default. */
import { describe, expect, it } from '@jest/globals'

import { INPUTS, OUTPUTS } from '../../../src/actions/health/names.js'
import { HEALTH_DEFAULTS } from '../../../src/core/health/options.js'
import { loadActionYml } from '../../helpers/action-runner.js'

describe('actions/health/action.yml', () => {
  it('declares exactly the inputs and outputs the code reads and writes', async () => {
    const yml = await loadActionYml('health')
    expect(Object.keys(yml.inputs ?? {}).sort()).toEqual(Object.values(INPUTS).sort())
    expect(Object.keys(yml.outputs ?? {}).sort()).toEqual(Object.values(OUTPUTS).sort())
  })

  it('documents the defaults the code applies', async () => {
    const inputs = (await loadActionYml('health')).inputs ?? {}
    expect(inputs['expected-status']!.default).toBe(HEALTH_DEFAULTS.expectedStatus)
    expect(Number(inputs['required-successes']!.default)).toBe(HEALTH_DEFAULTS.requiredSuccesses)
    expect(Number(inputs['timeout-seconds']!.default)).toBe(HEALTH_DEFAULTS.timeoutSeconds)
    expect(Number(inputs['interval-seconds']!.default)).toBe(HEALTH_DEFAULTS.intervalSeconds)
    expect(Number(inputs['max-interval-seconds']!.default)).toBe(HEALTH_DEFAULTS.maxIntervalSeconds)
    expect(Number(inputs['request-timeout-seconds']!.default)).toBe(
      HEALTH_DEFAULTS.requestTimeoutSeconds
    )
    for (const input of Object.values(inputs)) expect(input.description.length).toBeGreaterThan(10)
  })
})
