/** A phase's counts of requests never sent, and which of them the service held up. */
import { describe, expect, it } from '@jest/globals'

import { Phase } from '../../../../src/core/traffic/phase.js'

/** A phase with 10 requests answered ok, then `unsent` requests not sent, each for `why`. */
function phaseWith(unsent: Array<'cap' | 'expired' | 'stopped'>): Phase {
  const phase = new Phase('inject', 0, 1000)
  const slice = phase.slice(0)
  for (let i = 0; i < 10; i++) {
    phase.schedule(slice)
    phase.record(slice, 5, null, 0)
  }
  for (const why of unsent) {
    phase.schedule(slice)
    phase.unsend(slice, why)
  }
  return phase
}

describe('Phase: requests never sent', () => {
  it('counts those the service held up (cap full, deadline passed waiting) against its availability', () => {
    const summary = phaseWith([
      'cap',
      'cap',
      'expired',
      'cap',
      'expired',
      'cap',
      'cap',
      'cap',
      'cap',
      'expired'
    ]).summary(1000)
    expect([summary.requests, summary.unsent, summary.held_up]).toEqual([10, 10, 10])
    expect(summary.behind).toBe('service')
    expect([summary.availability_percent, summary.error_rate_percent]).toEqual([50, 50])
  })

  it('does not count those still queued when the traffic stopped: the service was not offered them', () => {
    const summary = phaseWith(['stopped', 'stopped', 'cap']).summary(1000)
    expect([summary.unsent, summary.held_up]).toEqual([3, 1])
    expect(summary.availability_percent).toBeCloseTo((100 * 10) / 11, 2)
  })
})
