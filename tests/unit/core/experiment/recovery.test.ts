import { describe, expect, it } from '@jest/globals'

import { type Check, recoveryFigures } from '../../../../src/core/experiment/recovery.js'

/** Checks of 200 ms from `at`: 'g' good, 'b' bad (its bad requests due 10 ms in and 190 ms in). */
function checks(pattern: string, at = 0): Check[] {
  return [...pattern].map((c, i) => {
    const start = at + i * 200
    const bad = c === 'b'
    return {
      start,
      end: start + 200,
      good: !bad,
      firstBadAt: bad ? start + 10 : null,
      lastBadAt: bad ? start + 190 : null
    }
  })
}

describe('recoveryFigures', () => {
  it('counts a crash during the fault from the first failed request, not from the rollback', () => {
    // fault from 0 to 2000 ms; down from 10 ms to 990 ms, then good through the rollback
    const figures = recoveryFigures(checks('bbbbbggggg' + 'ggg', 0), true, 0, 2000)
    expect(figures).toEqual({
      deviated: true,
      deviated_at_ms: 10,
      time_ms: 980,
      outage_ms: 980,
      after_rollback_ms: 0,
      judged_ms: 0
    })
    // a one-shot fault (a kill) stopped acting when applied: its whole outage is judged
    expect(recoveryFigures(checks('bbbbbggggg' + 'ggg', 0), true, 0, 2000, true).judged_ms).toBe(
      980
    )
  })

  it('reads a fault held until the rollback as an outage ending after it', () => {
    const figures = recoveryFigures(checks('bbbbbbbbbb' + 'bggg', 0), true, 0, 2000)
    expect(figures.time_ms).toBe(2180)
    expect(figures.after_rollback_ms).toBe(190)
    // held: judged from the rollback, since the service cannot recover while the fault holds
    expect(figures.judged_ms).toBe(190)
  })

  it('judges a held fault from the first bad request when the service left steady state after the rollback', () => {
    const figures = recoveryFigures(checks('gggggggggg' + 'bbggg', 0), true, 0, 2000)
    expect(figures.time_ms).toBe(380)
    expect(figures.judged_ms).toBe(380)
  })

  it('tells the first outage from the time to recover when the service flaps', () => {
    const figures = recoveryFigures(checks('bggbbbgg' + 'ggg', 0), true, 0, 1600)
    expect(figures.outage_ms).toBe(180)
    expect(figures.time_ms).toBe(1180)
  })

  it('has nothing to recover from when the service never left steady state', () => {
    expect(recoveryFigures(checks('gggggggg'), true, 0, 1000)).toEqual({
      deviated: false,
      deviated_at_ms: null,
      time_ms: null,
      outage_ms: null,
      after_rollback_ms: null,
      judged_ms: null
    })
  })

  it('has no time to recover when steady state was never met again', () => {
    const figures = recoveryFigures(checks('ggbbbbbb'), false, 0, 1000)
    expect(figures).toMatchObject({ deviated: true, deviated_at_ms: 410, time_ms: null })
    expect(figures.outage_ms).toBeNull()
  })
})
