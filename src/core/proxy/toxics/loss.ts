/**
 * `loss`, chaos-ci's own: TCP loss as its users see it. A chunk is "lost" with probability `percent`,
 * and its retransmission then waits one retransmission timeout (Linux's minimum RTO is 200 ms),
 * doubling for each further loss of the same segment. Data is delayed, never dropped, as TCP would
 * deliver it; this is not packet-level loss (that is `tc netem`).
 */
import type { Random } from '../../clock.js'
import { defineToxic } from '../toxic.js'

/** The delay one chunk's losses cost: one RTO per loss, doubling, at most 8 tries. */
export function lossDelay(percent: number, rto: number, random: Random): number {
  let delay = 0
  let timeout = rto
  for (let tries = 0; tries < 8 && random() * 100 < percent; tries++) {
    delay += timeout
    timeout *= 2
  }
  return delay
}

export const loss = defineToxic<{ percent: number; rto: number }>({
  name: 'loss',
  summary: 'delays a share of chunks by a TCP retransmission',
  attributes: {
    percent: {
      parameter: 'loss_percent',
      default: 10,
      min: 0,
      max: 100,
      meaning: 'the share of chunks lost'
    },
    rto: {
      parameter: 'rto_ms',
      default: 200,
      min: 1,
      max: 60_000,
      meaning: 'the first retransmission timeout (doubling)'
    }
  },
  chunk: (chunk, { percent, rto }, { random }) => ({
    ...chunk,
    delay_ms: chunk.delay_ms + lossDelay(percent, rto, random)
  })
})
