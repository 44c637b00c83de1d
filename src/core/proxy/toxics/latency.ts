/** `latency`: each chunk waits `latency` ± `jitter` ms, the jitter drawn per chunk as Toxiproxy does. */
import type { Random } from '../../clock.js'
import { defineToxic } from '../toxic.js'

/** Latency ± jitter, the jitter uniform per chunk (the HTTP proxy's delay draws the same way). */
export function latencyDelay(latency: number, jitter: number, random: Random): number {
  return Math.max(0, latency + (jitter > 0 ? (random() * 2 - 1) * jitter : 0))
}

export const latency = defineToxic<{ latency: number; jitter: number }>({
  name: 'latency',
  summary: 'delays each chunk',
  attributes: {
    latency: { parameter: 'latency_ms', default: 200, min: 0, max: 60_000, meaning: 'added delay' },
    jitter: { parameter: 'jitter_ms', default: 0, min: 0, max: 60_000, meaning: '± variation' }
  },
  chunk: (chunk, { latency, jitter }, { random }) => ({
    ...chunk,
    delay_ms: chunk.delay_ms + latencyDelay(latency, jitter, random)
  }),
  expect: ({ latency }) => ({ p50_rise_ms: latency })
})
