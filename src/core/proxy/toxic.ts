/**
 * The TCP toxic contract, as Toxiproxy's (github.com/Shopify/toxiproxy, README "Toxics"): one file
 * per toxic under ./toxics/, registered by its type name in ./toxics/index.ts. A toxic says which
 * attributes it takes (each set by one scenario parameter, units in its name, with its default and
 * range) and what it does to a connection: to each chunk as it passes, to the sender's end, and to
 * the connection as a whole (a close or a reset after a time). The proxy applies toxicity once per
 * connection for every toxic, so no toxic draws its own; see docs/scenarios.md "Adding a toxic".
 */
import type { Random } from '../clock.js'

/** `upstream` is client → server, `downstream` server → client (the default). */
export type Stream = 'upstream' | 'downstream'

/**
 * A toxic as set on a proxy: its type, where it applies, and its attributes by Toxiproxy's names
 * (`latency`, `rate`, …) beside them; an attribute left out takes the toxic's default.
 */
export interface Toxic {
  type: string
  /** Unique per proxy; defaults to `<type>_<stream>`. */
  name?: string
  stream?: Stream
  /** The share of connections it applies to, 0–1; default 1. */
  toxicity?: number
  [attribute: string]: string | number | undefined
}

/** A toxic's attributes, every one set (given or defaulted). */
export type Attributes = Record<string, number>

/** One attribute of a toxic, and the scenario parameter that sets it. */
export interface AttributeSpec {
  /** The `tcp_fault` parameter, with its unit in the name (`latency_ms`). */
  parameter: string
  default: number
  min?: number
  max?: number
  /** What it does, for docs/scenarios.md and the plan. */
  meaning: string
}

/**
 * One chunk of data on its way through a stream, as the toxics shape it in the order they were set.
 * Start from {@link passThrough}; each toxic returns the chunk it leaves.
 */
export interface Chunk {
  /** The bytes to pass on: a toxic may cut or replace them. */
  data: Buffer
  /** ms before the first byte goes on; toxics add to it (latency, loss). */
  delay_ms: number
  /** The link's rate, in bytes per ms (KB/s); 0: unlimited (bandwidth). */
  rate: number
  /** The sizes to pass the data on in, `gap_ms` apart; null: one piece. */
  slices: number[] | null
  gap_ms: number
  /** Pass nothing on, and keep the connection open (timeout). */
  drop: boolean
  /** Close the connection once this data is passed on; with no data left, at once (limit_data). */
  close: boolean
}

export interface ChunkContext {
  /** This connection's seeded random source (jitter, loss draws), so a run replays. */
  random: Random
  /** Bytes this stream of the connection passed on before this chunk. */
  bytes: number
}

/** What a toxic does to a connection as a whole once it applies: close or reset it after a time. */
export interface ConnectionTimer {
  after_ms: number
  /** `close`: both sides closed (FIN); `reset`: both reset (RST). */
  then: 'close' | 'reset'
}

/** What the target's traffic should show with the toxic on every connection. */
export type Expectation = { p50_rise_ms: number } | { errors: true } | null

/** A toxic plug-in: a name, its attributes, and hooks for what it does (each optional). */
export interface ToxicPlugin<A extends Attributes = Attributes> {
  /** The type name: `toxic:` of a `tcp_fault` scenario, `type` of a {@link Toxic}. */
  name: string
  /** One line: what it does, for the docs. */
  summary: string
  /** Its attributes by Toxiproxy's names, in the order the plan shows them. */
  attributes: { readonly [K in keyof A]: AttributeSpec }
  /** Each chunk as it passes; returns what to pass on. */
  chunk?(chunk: Chunk, attributes: A, context: ChunkContext): Chunk
  /** The sender's end (FIN): ms to hold it back before it is passed on. */
  end?(attributes: A): number
  /** When the toxic meets a connection (when set, or when the connection opens). */
  connect?(attributes: A): ConnectionTimer | null
  /** How the efficacy check can tell it landed; absent or null: not judged from the traffic. */
  expect?(attributes: A): Expectation
}

/** A toxic's plug-in, its hooks typed by its attributes, for the registry (which checks them by name). */
export function defineToxic<A extends Attributes>(plugin: ToxicPlugin<A>): ToxicPlugin {
  return plugin
}

/** The keys of a {@link Toxic} that are not its attributes. */
const TOXIC_KEYS: ReadonlySet<string> = new Set(['type', 'name', 'stream', 'toxicity'])

/** A toxic's attributes: every key beside type, name, stream and toxicity. */
export function attributesOf(toxic: Toxic): Record<string, Toxic[string]> {
  return Object.fromEntries(Object.entries(toxic).filter(([key]) => !TOXIC_KEYS.has(key)))
}

export function toxicName(toxic: Toxic): string {
  return toxic.name ?? `${toxic.type}_${toxic.stream ?? 'downstream'}`
}

/** A chunk no toxic has touched yet: all of it, at once, at full speed. */
export function passThrough(data: Buffer): Chunk {
  return { data, delay_ms: 0, rate: 0, slices: null, gap_ms: 0, drop: false, close: false }
}

/**
 * Sizes that split `length` bytes into slices of average ± variation bytes (at least 1), for toxics
 * that reshape data (slicer, bandwidth).
 */
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
