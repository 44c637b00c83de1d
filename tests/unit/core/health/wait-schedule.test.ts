import { describe, expect, it } from '@jest/globals'

import type { Clock } from '../../../../src/core/clock.js'
import type { HttpGet } from '../../../../src/core/health/http-get.js'
import { HttpFailure } from '../../../../src/core/health/http-get.js'
import { parseHealthOptions } from '../../../../src/core/health/options.js'
import { waitForHealthy } from '../../../../src/core/health/wait.js'

/** A clock that advances only when the code under test sleeps. */
function fakeClock(): Clock & { sleeps: number[] } {
  let now = 0
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => now,
    sleep: async ms => {
      sleeps.push(ms)
      now += ms
    }
  }
}

/** An HttpGet replaying statuses; a 0 means "connection refused". */
function replay(statuses: number[]): HttpGet {
  let i = 0
  return async () => {
    const status = statuses[Math.min(i++, statuses.length - 1)]!
    if (status === 0) throw new HttpFailure('refused', 'connection refused')
    return { status, body: '{}' }
  }
}

const options = parseHealthOptions({
  url: 'http://svc.test/health',
  intervalSeconds: '1',
  maxIntervalSeconds: '5',
  timeoutSeconds: '60',
  requiredSuccesses: '2'
})

describe('the wait loop schedule (fake clock, no sleeping)', () => {
  it('backs off while rounds fail, caps the delay, and resets after a success', async () => {
    const clock = fakeClock()
    const report = await waitForHealthy(options, {
      get: replay([0, 0, 0, 0, 0, 200, 503, 200, 200]),
      clock,
      random: () => 0
    })
    expect(clock.sleeps).toEqual([1000, 2000, 4000, 5000, 5000, 1000, 1000, 1000])
    expect(report).toMatchObject({ healthy: true, attempts: 9, elapsedMs: 20_000 })
  })

  it('clamps the last sleep to the deadline and stops there', async () => {
    const clock = fakeClock()
    const report = await waitForHealthy(
      { ...options, timeoutMs: 4500 },
      { get: replay([0]), clock, random: () => 0 }
    )
    expect(clock.sleeps).toEqual([1000, 2000, 1500])
    expect(report.healthy).toBe(false)
    expect(report.attempts).toBe(4)
    expect(report.endpoints[0]).toMatchObject({
      lastKind: 'refused',
      lastError: 'connection refused',
      probes: 4
    })
  })

  it('probes exactly once with a zero timeout', async () => {
    const clock = fakeClock()
    const report = await waitForHealthy(
      { ...options, timeoutMs: 0 },
      { get: replay([200]), clock, random: () => 0 }
    )
    expect(report).toMatchObject({ healthy: false, attempts: 1 })
    expect(clock.sleeps).toEqual([])
  })

  it('stops at once when cancelled', async () => {
    const controller = new AbortController()
    const clock = fakeClock()
    const get: HttpGet = async () => {
      controller.abort()
      return { status: 503, body: '' }
    }
    const report = await waitForHealthy(options, {
      get,
      clock,
      random: () => 0,
      signal: controller.signal
    })
    expect(report.attempts).toBe(1)
    expect(clock.sleeps).toEqual([])
  })
})
