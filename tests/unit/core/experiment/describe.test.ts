/**
 * The words inject prints and writes to the job summary about the traffic itself: which side fell
 * behind the rate, from the phase's own `behind` and `unsent` (never worked out again from counts).
 */
import { describe, expect, it } from '@jest/globals'

import { behindText, injectMarkdown, resultText } from '../../../../src/core/experiment/describe.js'
import type { ScenarioResult } from '../../../../src/core/experiment/result.js'
import { healthy, injectPayload } from '../../../helpers/inject-results.js'

function behindIn(
  phase: 'baseline' | 'inject',
  fields: { unsent?: number; behind?: 'service' | 'generator' | 'both' | null; lag?: number }
): ScenarioResult {
  const result = healthy('overloaded')
  const stored = result.phases[phase]!
  if (fields.unsent !== undefined) stored.unsent = fields.unsent
  if (fields.behind !== undefined) stored.behind = fields.behind
  if (fields.lag !== undefined) stored.send_lag_ms = { p50: 1, p99: fields.lag, max: fields.lag }
  return result
}

describe('which side fell behind, in words', () => {
  it('says the service fell behind, with the requests not sent, apart from its errors', () => {
    const result = behindIn('inject', { unsent: 1234, behind: 'service' })
    expect(resultText(result)).toMatch(
      /traffic, inject: 1234 request\(s\) not sent: the service held every connection .* apart from its errors, and against its availability/
    )
    const markdown = injectMarkdown(injectPayload([result]))
    expect(markdown).toContain('> [!NOTE]')
    expect(markdown).toContain('> - overloaded, inject: 1234 request\\(s\\) not sent')
  })

  it('says the generator fell behind its own schedule, with its send lag', () => {
    const result = behindIn('baseline', { behind: 'generator', lag: 42.5 })
    expect(resultText(result)).toContain(
      'traffic, baseline: the generator fell behind its own schedule (send lag p99 42.5 ms)'
    )
    expect(
      behindText(behindIn('inject', { unsent: 3, behind: 'both', lag: 20 }).phases.inject!)
    ).toMatch(/^3 request\(s\) not sent: .*; and the generator fell behind/)
  })

  it('says nothing when neither side fell behind, or the file predates the fields', () => {
    for (const result of [behindIn('inject', { unsent: 2, behind: null }), healthy('old')]) {
      expect(resultText(result)).not.toContain('traffic,')
      expect(injectMarkdown(injectPayload([result]))).not.toContain('[!NOTE]')
    }
  })
})
