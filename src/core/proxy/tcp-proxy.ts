/**
 * A TCP fault proxy: it listens on one address and pipes each connection to an upstream address,
 * passing data straight through until toxics are set. Toxics are the registry's plug-ins
 * (./toxics/): the proxy draws their toxicity per connection and runs their hooks, knowing none of
 * them by name. Toxics apply to open connections at once and to new ones; `down` closes the listener and every connection (connection refused), `up` reopens it.
 * Everything it opens, `close` closes.
 */
import net from 'node:net'

import type { Random } from '../clock.js'
import { refuseRemote } from '../net/loopback.js'
import { deriveSeed, seededRandom } from '../random.js'
import { closeServer, listenOn } from './listen.js'
import { type Chunk, passThrough, type Stream, type Toxic } from './toxic.js'
import { activate, type ActiveToxic } from './toxics/index.js'

export interface Address {
  host: string
  port: number
}

export interface TcpProxyOptions {
  /** Port 0 picks a free port. */
  listen: Address
  upstream: Address
  /** Seeds the per-connection toxicity draws and the jitter, so a run replays. */
  seed?: number
  /** Forward to a non-loopback upstream (a dependency elsewhere, allow-remote-target); else refused. */
  allowRemoteUpstream?: boolean
}

export interface ProxyStats {
  connections: number
  active: number
  bytesUpstream: number
  bytesDownstream: number
  /** Connections closed by a toxic (timeout, reset_peer, limit_data) or by `down`. */
  cut: number
}

interface Delivery {
  at: number
  data: Buffer | null
  after?: () => void
}

/** One direction of one connection. */
class Flow {
  private readonly queue: Delivery[] = []
  private timer: NodeJS.Timeout | null = null
  private last = 0
  bytes = 0

  constructor(
    private readonly link: Link,
    readonly stream: Stream,
    private readonly source: net.Socket,
    private readonly dest: net.Socket
  ) {
    source.on('data', chunk => this.onData(chunk))
    source.on('end', () => this.onEnd())
  }

  private onData(data: Buffer): void {
    const toxics = this.link.toxics(this.stream)
    if (toxics.length === 0 && this.queue.length === 0) {
      this.count(data.length)
      if (!this.dest.write(data)) this.backpressure()
      return
    }
    const context = { random: this.link.random, bytes: this.bytes }
    let chunk = passThrough(data)
    for (const toxic of toxics) {
      if (toxic.plugin.chunk) chunk = toxic.plugin.chunk(chunk, toxic.attributes, context)
      if (chunk.drop) return
    }
    if (chunk.data.length === 0) {
      if (chunk.close) this.link.cut()
      return
    }
    this.count(chunk.data.length)
    this.deliver(chunk)
  }

  private count(bytes: number): void {
    this.bytes += bytes
    this.link.proxy.countBytes(this.stream, bytes)
  }

  /** Queues a shaped chunk: its slices `gap_ms` apart after its delay, each taking link time at its rate. */
  private deliver(chunk: Chunk): void {
    const { data, rate } = chunk
    let offset = 0
    const sizes = fit(chunk.slices ?? [data.length], data.length)
    sizes.forEach((size, i) => {
      const last = i === sizes.length - 1
      const after = last && chunk.close ? () => this.link.cut() : undefined
      const piece = data.subarray(offset, offset + size)
      this.push(piece, chunk.delay_ms + i * chunk.gap_ms, rate > 0 ? size / rate : 0, after)
      offset += size
    })
  }

  private onEnd(): void {
    const toxics = this.link.toxics(this.stream)
    const delay = toxics.reduce((sum, t) => sum + (t.plugin.end?.(t.attributes) ?? 0), 0)
    this.push(null, delay)
  }

  private backpressure(): void {
    this.source.pause()
    this.dest.once('drain', () => this.source.resume())
  }

  /**
   * Queues data (or the end, as null) for delivery `delay` ms from now, never before earlier data;
   * `transmit` ms of link time pass before it is delivered (bandwidth).
   */
  private push(data: Buffer | null, delay: number, transmit = 0, after?: () => void): void {
    const at = Math.max(performance.now() + delay, this.last) + transmit
    this.last = at
    this.queue.push({ at, data, ...(after ? { after } : {}) })
    this.schedule()
  }

  /** True once the end has been passed on (or the flow was cancelled). */
  finished = false
  /** Called once the end has been passed on. */
  onFinished: (() => void) | null = null

  /**
   * Node's timers count in whole ms from the loop's cached time, so one can fire up to a ms before
   * its time by performance.now(): flush re-checks and waits again rather than deliver early, as
   * Toxiproxy never does (data is held at least the latency; late by under a ms or two instead).
   */
  private schedule(): void {
    if (this.timer || this.queue.length === 0) return
    const wait = this.queue[0]!.at - performance.now()
    this.timer = setTimeout(this.flush, wait > 0 ? Math.max(1, Math.ceil(wait)) : 0)
  }

  private flush = (): void => {
    this.timer = null
    const now = performance.now()
    while (this.queue.length > 0 && this.queue[0]!.at <= now) {
      const { data, after } = this.queue.shift()!
      if (this.dest.destroyed) return
      if (data === null) {
        this.dest.end()
        this.finished = true
        this.onFinished?.()
      } else if (!this.dest.write(data)) this.backpressure()
      after?.()
    }
    this.schedule()
  }

  cancel(): void {
    this.finished = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.queue.length = 0
  }
}

/** One client connection and its upstream connection. */
class Link {
  readonly random: Random
  private readonly draws = new Map<string, boolean>()
  private readonly flows: Flow[] = []
  private readonly timers: NodeJS.Timeout[] = []
  private closed = false

  constructor(
    readonly proxy: TcpProxy,
    readonly client: net.Socket,
    readonly server: net.Socket,
    id: number
  ) {
    this.random = seededRandom(deriveSeed(proxy.seed, `link-${id}`))
    this.flows.push(new Flow(this, 'upstream', client, server))
    this.flows.push(new Flow(this, 'downstream', server, client))
    // Sockets are half-open: each side's end travels through its flow (so slow_close and queued
    // data are honoured). The client going away, or either side failing, ends the link at once.
    const close = (): void => this.close()
    client.on('close', close)
    client.on('error', close)
    server.on('error', close)
    server.on('close', () => {
      if (this.flows[1]!.finished) this.close()
      else this.flows[1]!.onFinished = close
    })
    this.applyTimers()
  }

  /** The toxics active on this link's stream, after its toxicity draws. */
  toxics(stream: Stream): ActiveToxic[] {
    return this.proxy.toxicList.filter(toxic => toxic.stream === stream && this.applies(toxic))
  }

  /** Toxicity, drawn once per connection and toxic, for every toxic alike (as Toxiproxy does). */
  private applies(toxic: ActiveToxic): boolean {
    let hit = this.draws.get(toxic.name)
    if (hit === undefined) {
      hit = this.random() < toxic.toxicity
      this.draws.set(toxic.name, hit)
    }
    return hit
  }

  /** Starts the toxics' connection timers (timeout, reset_peer) on this link. */
  applyTimers(): void {
    this.draws.clear()
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.length = 0
    for (const toxic of this.proxy.toxicList) {
      if (!this.applies(toxic)) continue
      const timer = toxic.plugin.connect?.(toxic.attributes)
      if (timer)
        this.timers.push(
          setTimeout(() => (timer.then === 'reset' ? this.reset() : this.cut()), timer.after_ms)
        )
    }
  }

  /** Closes both sides at once (FIN). */
  cut(): void {
    if (this.closed) return
    this.proxy.stats.cut++
    this.client.destroy()
    this.server.destroy()
  }

  /** Closes both sides with a TCP RST. */
  reset(): void {
    if (this.closed) return
    this.proxy.stats.cut++
    this.client.resetAndDestroy()
    this.server.resetAndDestroy()
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    for (const timer of this.timers) clearTimeout(timer)
    for (const flow of this.flows) flow.cancel()
    this.client.destroy()
    this.server.destroy()
    this.proxy.forget(this)
  }
}

export class TcpProxy {
  readonly seed: number
  readonly stats: ProxyStats = {
    connections: 0,
    active: 0,
    bytesUpstream: 0,
    bytesDownstream: 0,
    cut: 0
  }
  toxicList: ActiveToxic[] = []
  private server: net.Server | null = null
  private readonly links = new Set<Link>()
  private port = 0
  private nextId = 0

  constructor(readonly options: TcpProxyOptions) {
    refuseRemote('the proxy upstream', options.upstream.host, options.allowRemoteUpstream)
    this.seed = options.seed ?? 1
  }

  /** The address it listens on (after `start`). */
  get address(): Address {
    return { host: this.options.listen.host, port: this.port }
  }

  /** Starts listening; resolves with the bound address. Rejects (EADDRINUSE, …) if it cannot. */
  async start(): Promise<Address> {
    if (this.server) return this.address
    const server = net.createServer({ noDelay: true, allowHalfOpen: true }, client =>
      this.accept(client)
    )
    this.port = await listenOn(
      server,
      this.options.listen.host,
      this.port || this.options.listen.port
    )
    this.server = server
    return this.address
  }

  private accept(client: net.Socket): void {
    this.stats.connections++
    const upstream = net.connect({
      host: this.options.upstream.host,
      port: this.options.upstream.port,
      noDelay: true,
      allowHalfOpen: true
    })
    client.pause()
    upstream.once('connect', () => client.resume())
    const link = new Link(this, client, upstream, this.nextId++)
    this.links.add(link)
    this.stats.active = this.links.size
  }

  forget(link: Link): void {
    this.links.delete(link)
    this.stats.active = this.links.size
  }

  countBytes(stream: Stream, bytes: number): void {
    if (stream === 'upstream') this.stats.bytesUpstream += bytes
    else this.stats.bytesDownstream += bytes
  }

  /**
   * Replaces the toxics; open connections get them at once. Each is checked against the toxic
   * registry first (its type, its attributes), so a bad list changes nothing.
   */
  setToxics(toxics: Toxic[]): void {
    const active = toxics.map(activate)
    const names = active.map(toxic => toxic.name)
    const duplicate = names.find((name, i) => names.indexOf(name) !== i)
    if (duplicate) throw new Error(`two toxics are named '${duplicate}'`)
    this.toxicList = active
    for (const link of this.links) link.applyTimers()
  }

  /** Removes every toxic (pass-through again). */
  clearToxics(): void {
    this.setToxics([])
  }

  /** "down": stops listening and closes every connection, so new connections are refused. */
  async down(): Promise<void> {
    const server = this.server
    this.server = null
    for (const link of [...this.links]) {
      this.stats.cut++
      link.close()
    }
    await closeServer(server)
  }

  /** Listens again on the same port after `down`. */
  async up(): Promise<void> {
    await this.start()
  }

  /** Stops listening, drops every toxic and closes every connection. Safe to call twice. */
  async close(): Promise<void> {
    this.toxicList = []
    const server = this.server
    this.server = null
    for (const link of [...this.links]) link.close()
    await closeServer(server)
  }
}

/** Slice sizes made to cover exactly `length` bytes (a later toxic may have cut or grown the data). */
function fit(sizes: readonly number[], length: number): number[] {
  const out: number[] = []
  let left = length
  for (const size of sizes) {
    if (left <= 0) break
    out.push(Math.min(size, left))
    left -= size
  }
  if (left > 0) out.push(left)
  return out
}
