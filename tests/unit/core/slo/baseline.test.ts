/**
 * The noise band on many seeded histories: how often a real shift is flagged and how often noise is,
 * and that one odd past run does not widen the band.
 */
import { describe, expect, it } from '@jest/globals'

import { seededRandom } from '../../../../src/core/random.js'
import { compare, noiseBand } from '../../../../src/core/slo/baseline.js'

function normals(seed: number, n: number, mean: number, sigma: number): number[] {
  const random = seededRandom(seed)
  return Array.from({ length: n }, () => {
    const u = 1 - random()
    return mean + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())
  })
}

/** The share of 1000 seeded 30-run histories in which `shift` sigmas up is a regression. */
function flaggedShare(shift: number): number {
  let flagged = 0
  for (let seed = 1; seed <= 1000; seed++) {
    const band = noiseBand('latency', normals(seed, 30, 100, 10), 2.5)!
    if (compare('latency', 100 + shift * 10, band).regression) flagged++
  }
  return flagged / 1000
}

describe('noiseBand', () => {
  it('flags a 3-sigma shift in most histories, a 0.5-sigma one or none in almost none', () => {
    const three = flaggedShare(3)
    const half = flaggedShare(0.5)
    const none = flaggedShare(0)
    expect(three).toBeGreaterThan(0.85)
    expect(half).toBeLessThan(0.02)
    expect(none).toBeLessThan(0.02)
    expect(three).toBeGreaterThan(flaggedShare(2))
  })

  it('is not widened by one past run on a stalled runner', () => {
    const history = normals(7, 29, 100, 10)
    const clean = noiseBand('latency', history, 2.5)!
    const odd = noiseBand('latency', [...history, 900], 2.5)!
    expect(odd.outliers).toBe(1)
    expect(odd.sigma).toBeCloseTo(clean.sigma, 0)
    expect(compare('latency', 140, odd).regression).toBe(true)
  })

  it('floors a spread of zero so that rounding is not a regression, and knows which side is worse', () => {
    const flat = noiseBand('availability', [99.5, 99.5, 99.5, 99.5, 99.5, 99.5], 2.5)!
    expect(flat.sigma).toBeCloseTo(0.995, 3)
    expect(compare('availability', 99.0, flat).regression).toBe(false)
    expect(compare('availability', 95.0, flat).regression).toBe(true)
    expect(compare('availability', 100, flat).regression).toBe(false)
    const latency = noiseBand('latency', [10, 10, 10, 10, 10], 2.5)!
    expect(compare('latency', 5, latency)).toMatchObject({ regression: false, improvement: true })
  })

  it('gives no band below five past runs', () => {
    expect(noiseBand('latency', [1, 2, 3, 4], 2.5)).toBeNull()
    expect(noiseBand('latency', [1, 2, 3, 4, 5], 2.5)).not.toBeNull()
  })
})
