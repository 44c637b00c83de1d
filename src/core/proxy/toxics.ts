/**
 * TCP toxics, with Toxiproxy's names and semantics as the reference (github.com/Shopify/toxiproxy,
 * README "Toxics"). Each applies to one stream: `upstream` is client → server, `downstream` is
 * server → client (the default). `toxicity` is the chance that a toxic applies to a connection,
 * drawn once per connection as Toxiproxy does. `loss` is chaos-ci's own: see {@link lossDelay}.
 */
import type { Random } from '../clock.js'

export type Stream = 'upstream' | 'downstream'

interface ToxicBase {
  /** Unique per proxy; defaults to `<type>_<stream>`. */
  name?: string
  stream?: Stream
  /** 0–1; default 1. */
  toxicity?: number
}

export type Toxic = ToxicBase &
  (
    | { type: 'latency'; latency: number; jitter?: number }
    | { type: 'bandwidth'; rate: number }
    | { type: 'slow_close'; delay: number }
    | { type: 'timeout'; timeout: number }
    | { type: 'reset_peer'; timeout: number }
    | { type: 'slicer'; average_size: number; size_variation?: number; delay?: number }
    | { type: 'limit_data'; bytes: number }
    | { type: 'loss'; percent: number; rto?: number }
  )

export type ToxicType = Toxic['type']

export const TOXIC_TYPES: readonly ToxicType[] = [
  'latency',
  'bandwidth',
  'slow_close',
  'timeout',
  'reset_peer',
  'slicer',
  'limit_data',
  'loss'
]

export function toxicName(toxic: Toxic): string {
  return toxic.name ?? `${toxic.type}_${toxic.stream ?? 'downstream'}`
}

/** Latency ± jitter, the jitter uniform per chunk as Toxiproxy draws it. */
export function latencyDelay(latency: number, jitter: number, random: Random): number {
  return Math.max(0, latency + (jitter > 0 ? (random() * 2 - 1) * jitter : 0))
}

/**
 * The delay a lost TCP segment costs, emulated: a chunk is "lost" with probability `percent`, and its
 * retransmission then waits one retransmission timeout (Linux's minimum RTO is 200 ms), doubling for
 * each further loss of the same segment. Data is delayed, never dropped, as TCP would deliver it.
 * This models loss as TCP's users see it; it is not packet-level loss (that is `tc netem`).
 */
export function lossDelay(percent: number, rto: number, random: Random): number {
  let delay = 0
  let timeout = rto
  for (let tries = 0; tries < 8 && random() * 100 < percent; tries++) {
    delay += timeout
    timeout *= 2
  }
  return delay
}

/** Sizes that split `length` bytes into slices of average ± variation bytes (at least 1). */
export function sliceSizes(
  length: number,
  average: number,
  variation: number,
  random: Random
): number[] {
  const sizes: number[] = []
  let left = length
  while (left > 0) {
    const size = Math.max(1, Math.round(average + (random() * 2 - 1) * variation))
    sizes.push(Math.min(size, left))
    left -= size
  }
  return sizes
}
