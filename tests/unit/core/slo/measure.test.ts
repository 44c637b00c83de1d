/** A phase's statistics as the SLOs read them: from the summary, or from the stored histogram. */
import { describe, expect, it } from '@jest/globals'

import {
  measure,
  overallFromResults,
  phaseFromResult,
  scenarioFromResult
} from '../../../../src/core/slo/measure.js'
import { phase, scenario } from '../../../helpers/inject-results.js'

// HdrHistogram's p99.9 of these is the top of 87.251 ms's bucket, 87.295 ms: above the max. A decoded
// histogram's own max is that bucket top too, so only the summary's exact max bounds it.
const FEW = [1.003, 87.251]

describe('phaseFromResult', () => {
  it('never reads a percentile from the histogram above the exact max', () => {
    const numbers = phaseFromResult(phase({ latencies: FEW }))
    expect(numbers.latency('max')).toBe(87.251)
    for (const stat of ['p99.9', 'p99.99', 'p75']) {
      expect(numbers.latency(stat)).toBeLessThanOrEqual(87.251)
      expect(numbers.latency(stat)).toBeGreaterThanOrEqual(1.003)
    }
    expect(numbers.latency('p99.9')).toBe(87.251)
  })

  it('reads a percentile the summary lacks from the histogram, to its precision', () => {
    const numbers = phaseFromResult(phase({ latencies: [5, 10, 20, 40, 80] }))
    expect(numbers.latency('p99.9')).toBe(80)
    expect(Math.abs(numbers.latency('p40')! - 10)).toBeLessThanOrEqual(0.01)
  })
})

describe('overallFromResults', () => {
  it('pools histograms without a percentile or a max above the largest exact max', () => {
    const run = overallFromResults([
      scenario({ name: 'a', inject: { latencies: FEW } }),
      scenario({ name: 'b', inject: { latencies: [2, 3] } })
    ])
    expect(run.inject!.latency('max')).toBe(87.251)
    expect(run.inject!.latency('p99')).toBe(87.251)
    expect(run.inject!.latency('p99.9')).toBe(87.251)
  })
})

describe('requests the generator could not send', () => {
  // 100 answered, all ok, and 100 more due that never left; `heldUp` of them the service held up
  const answered = () =>
    scenario({ name: 'overloaded', inject: { latencies: { requests: 100, ms: 5 } } })
  const withUnsent = (heldUp: number, behind: 'service' | 'generator' | 'both' | null) => {
    const result = answered()
    result.phases.inject = { ...result.phases.inject!, unsent: 100, held_up: heldUp, behind }
    return result
  }

  it('count against the availability when the service held them up: it did not take them', () => {
    for (const behind of ['service', 'both'] as const) {
      const numbers = scenarioFromResult(withUnsent(100, behind))
      expect([behind, measure(numbers, 'availability', null).value]).toEqual([behind, 50])
      expect(measure(numbers, 'error_rate', null)).toEqual({ value: 50, samples: 200 })
      expect(
        measure(overallFromResults([withUnsent(100, behind)]), 'availability', null).value
      ).toBe(50)
    }
  })

  it('count in no metric when the service did not hold them up (the generator was late, or the traffic stopped)', () => {
    for (const behind of ['generator', 'service', null] as const) {
      const numbers = scenarioFromResult(withUnsent(0, behind))
      expect([behind, measure(numbers, 'availability', null)]).toEqual([
        behind,
        { value: 100, samples: 100 }
      ])
    }
  })

  it('are pooled across scenarios like the requests they stand for', () => {
    const pooled = overallFromResults([
      withUnsent(100, 'service'),
      withUnsent(0, 'generator'),
      answered()
    ])
    // 300 answered and ok, 100 held up by the service; the generator's 100 count nowhere
    expect(measure(pooled, 'availability', null)).toEqual({ value: 75, samples: 400 })
  })
})
