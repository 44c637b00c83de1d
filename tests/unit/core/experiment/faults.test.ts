import { describe, expect, it } from '@jest/globals'

import { sliceSizes } from '../../../../src/core/proxy/toxic.js'
import { lossDelay } from '../../../../src/core/proxy/toxics/loss.js'
import { deriveSeed, seededRandom } from '../../../../src/core/random.js'
import {
  decodeHistogram,
  encodeHistogram,
  newHistogram,
  recordMs,
  summarize
} from '../../../../src/core/traffic/latency.js'

describe('seededRandom', () => {
  it('gives the same stream for the same seed, another for another', () => {
    const a = seededRandom(42)
    const b = seededRandom(42)
    const c = seededRandom(43)
    const first = Array.from({ length: 5 }, a)
    expect(Array.from({ length: 5 }, b)).toEqual(first)
    expect(Array.from({ length: 5 }, c)).not.toEqual(first)
    expect(first.every(x => x >= 0 && x < 1)).toBe(true)
  })

  it('is roughly uniform', () => {
    const random = seededRandom(7)
    const n = 20_000
    let below = 0
    for (let i = 0; i < n; i++) if (random() < 0.2) below++
    expect(below / n).toBeGreaterThan(0.19)
    expect(below / n).toBeLessThan(0.21)
  })

  it('derives different seeds for different names', () => {
    expect(deriveSeed(1, 'a')).not.toBe(deriveSeed(1, 'b'))
    expect(deriveSeed(1, 'a')).toBe(deriveSeed(1, 'a'))
  })
})

describe('lossDelay', () => {
  it('delays about percent of chunks by one RTO, doubling for repeated loss', () => {
    const random = seededRandom(3)
    const delays = Array.from({ length: 10_000 }, () => lossDelay(10, 200, random))
    const lost = delays.filter(d => d > 0).length / delays.length
    expect(lost).toBeGreaterThan(0.09)
    expect(lost).toBeLessThan(0.11)
    expect(new Set(delays.filter(d => d > 0 && d < 1000))).toEqual(new Set([200, 600]))
    expect(lossDelay(0, 200, random)).toBe(0)
  })
})

describe('sliceSizes', () => {
  it('splits a chunk into slices that add up to it', () => {
    const sizes = sliceSizes(1000, 64, 16, seededRandom(1))
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(1000)
    expect(sizes.slice(0, -1).every(size => size >= 48 && size <= 80)).toBe(true)
  })
})

describe('the histogram kept in the results', () => {
  it('decodes back to the same counts and percentiles', () => {
    const histogram = newHistogram()
    for (let ms = 1; ms <= 1000; ms++) recordMs(histogram, ms)
    const copy = decodeHistogram(encodeHistogram(histogram))
    const original = summarize(histogram)
    const decoded = summarize(copy)
    expect(decoded.count).toBe(1000)
    // HdrHistogram keeps 3 significant digits: every figure agrees to 0.1%, and with the truth.
    const truth = { p50: 500, p90: 900, p95: 950, p99: 990, max: 1000, mean: 500.5 }
    for (const [key, value] of Object.entries(truth) as Array<[keyof typeof truth, number]>) {
      expect(Math.abs(decoded[key] - original[key])).toBeLessThanOrEqual(original[key] * 0.001)
      expect(Math.abs(decoded[key] - value)).toBeLessThanOrEqual(value * 0.001)
    }
  })
})
