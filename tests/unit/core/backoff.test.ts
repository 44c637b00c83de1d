import { describe, expect, it } from '@jest/globals'

import { backoffDelay, nominalDelay } from '../../../src/core/backoff.js'

const policy = { initialMs: 1000, maxMs: 10_000, factor: 2, jitter: 0.2 }

describe('the backoff schedule', () => {
  it('starts at the initial interval and doubles with each failed round in a row', () => {
    const schedule = [0, 1, 2, 3, 4].map(failures => nominalDelay(policy, failures))
    expect(schedule).toEqual([1000, 1000, 2000, 4000, 8000])
  })

  it('never exceeds the cap, however many rounds fail', () => {
    const schedule = [5, 6, 20, 1000].map(failures => nominalDelay(policy, failures))
    expect(schedule).toEqual([10_000, 10_000, 10_000, 10_000])
  })

  it('takes off at most the jitter fraction, driven by the random source', () => {
    expect(backoffDelay(policy, 3, () => 0)).toBe(4000)
    expect(backoffDelay(policy, 3, () => 0.5)).toBe(3600)
    expect(backoffDelay(policy, 3, () => 0.999999)).toBe(3200)
  })

  it('keeps every jittered delay inside [nominal × (1 − jitter), nominal]', () => {
    let seed = 7
    const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646
    for (let failures = 0; failures < 12; failures++) {
      const nominal = nominalDelay(policy, failures)
      const delay = backoffDelay(policy, failures, random)
      expect(delay).toBeGreaterThanOrEqual(Math.floor(nominal * 0.8))
      expect(delay).toBeLessThanOrEqual(nominal)
    }
  })

  it('uses the factor it is given', () => {
    expect([1, 2, 3].map(failures => nominalDelay({ ...policy, factor: 3 }, failures))).toEqual([
      1000, 3000, 9000
    ])
  })
})

describe('full jitter and constant delays', () => {
  it('spreads a full-jitter delay over (0, nominal]', () => {
    const full = { ...policy, jitter: 1 }
    expect(backoffDelay(full, 3, () => 0)).toBe(4000)
    expect(backoffDelay(full, 3, () => 0.75)).toBe(1000)
    expect(backoffDelay(full, 3, () => 0.999)).toBe(4)
  })

  it('keeps the delay constant with a factor of 1', () => {
    expect([1, 2, 5, 9].map(failures => nominalDelay({ ...policy, factor: 1 }, failures))).toEqual([
      1000, 1000, 1000, 1000
    ])
  })
})
