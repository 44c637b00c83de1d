import { describe, expect, it } from '@jest/globals'

import type { RecoveryResult } from '../../../../src/core/experiment/result.js'
import { unmeasurable, verdict } from '../../../../src/core/experiment/verdict.js'

const recovered: RecoveryResult = {
  recovered: true,
  time_ms: 400,
  required_slices: 3,
  slice_ms: 200,
  max_ms: 10_000,
  good_p99_ms: 52
}
const landed = { landed: true, detail: 'p50 +100 ms' }

describe('verdict', () => {
  it('passes a fault that landed and a service that recovered in time', () => {
    expect(verdict(null, landed, recovered)).toEqual({ status: 'passed', reason: null })
    expect(verdict(null, { landed: null, detail: 'not judged' }, recovered).status).toBe('passed')
  })

  it('puts an abort condition first, then a fault that did not land, then recovery', () => {
    const notLanded = { landed: false, detail: 'p50 +3 ms' }
    const never = { ...recovered, recovered: false, time_ms: null }
    expect(verdict('abort condition x', notLanded, never)).toEqual({
      status: 'aborted',
      reason: 'abort condition x'
    })
    expect(verdict(null, notLanded, never)).toEqual({
      status: 'invalid',
      reason: 'the fault did not visibly land: p50 +3 ms'
    })
    expect(verdict(null, landed, never)).toEqual({
      status: 'failed',
      reason: 'not recovered: no 3 good slices in a row within 10 s of the rollback'
    })
    expect(verdict(null, landed, { ...recovered, recovered: false, time_ms: 12_000 })).toEqual({
      status: 'failed',
      reason: 'recovered 12 s after it left steady state, over the 10 s allowed'
    })
    // a held fault is judged from its rollback: the reason says so
    expect(
      verdict(null, landed, { ...recovered, recovered: false, time_ms: 40_000, judged_ms: 12_000 })
    ).toEqual({
      status: 'failed',
      reason: 'recovered 12 s after the rollback, over the 10 s allowed'
    })
  })
})

describe('unmeasurable', () => {
  const inject = (errorRate: number) =>
    ({ error_rate_percent: errorRate }) as unknown as Parameters<typeof unmeasurable>[1]
  const notLanded = { landed: false, detail: 'p50 +50 ms expected, +0.2 ms observed' }

  it('does not call a fault absent when most requests failed: the service went away', () => {
    const judged = unmeasurable(notLanded, inject(80))
    expect(judged.landed).toBeNull()
    expect(judged.detail).toMatch(/not judged: 80% of requests failed during the fault/)
    // and the verdict then rests on recovery: a dead service fails, it is not "invalid"
    const never: RecoveryResult = { ...recovered, recovered: false, time_ms: null }
    expect(verdict(null, judged, never).status).toBe('failed')
  })

  it('keeps the efficacy verdict when the requests mostly succeeded', () => {
    expect(unmeasurable(notLanded, inject(10))).toBe(notLanded)
    expect(unmeasurable(landed, inject(90))).toBe(landed)
  })
})
