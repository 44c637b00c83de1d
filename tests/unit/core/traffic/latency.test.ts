import { describe, expect, it } from '@jest/globals'

import { newHistogram, recordMs, summarize } from '../../../../src/core/traffic/latency.js'

describe('summarize', () => {
  it('never reports a percentile above the exact max or below the exact min', () => {
    // HdrHistogram's p99 of these is the top of 87.251 ms's bucket: 87.295 ms, above the max
    const histogram = newHistogram(3)
    recordMs(histogram, 1.003)
    recordMs(histogram, 87.251)
    const summary = summarize(histogram)
    expect(summary.max).toBe(87.251)
    for (const p of [summary.p50, summary.p90, summary.p95, summary.p99]) {
      expect(p).toBeLessThanOrEqual(summary.max)
      expect(p).toBeGreaterThanOrEqual(1.003)
    }
    expect(summary.p99).toBe(87.251)
  })

  it('reports one value as every percentile', () => {
    const histogram = newHistogram(2)
    recordMs(histogram, 12.345)
    const { p50, p99, max } = summarize(histogram)
    expect([p50, p99]).toEqual([max, max])
  })
})
