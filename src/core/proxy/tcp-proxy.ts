/**
 * A TCP fault proxy: it listens on one address and pipes each connection to an upstream address,
 * passing data straight through until toxics are set. Toxics apply to open connections at once and
 * to new ones; `down` closes the listener and every connection (connection refused), `up` reopens it.
 * Everything it opens, `close` closes.
 */
import net from 'node:net'

import type { Random } from '../clock.js'
import { refuseRemote } from '../net/loopback.js'
import { deriveSeed, seededRandom } from '../random.js'
import { closeServer, listenOn } from './listen.js'
import {
  latencyDelay,
  lossDelay,
  sliceSizes,
  type Stream,
  type Toxic,
  toxicName
} from './toxics.js'

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

  private onData(chunk: Buffer): void {
    const toxics = this.link.toxics(this.stream)
    if (toxics.some(t => t.type === 'timeout')) return
    const limit = toxics.find(t => t.type === 'limit_data')
    if (limit && limit.type === 'limit_data') {
      const room = limit.bytes - this.bytes
      if (room <= 0) return this.link.cut()
      if (chunk.length >= room) {
        this.bytes += room
        return this.push(chunk.subarray(0, room), 0, 0, () => this.link.cut())
      }
    }
    this.bytes += chunk.length
    this.link.proxy.countBytes(this.stream, chunk.length)
    if (toxics.length === 0 && this.queue.length === 0) {
      if (!this.dest.write(chunk)) this.backpressure()
      return
    }
    let delay = 0
    for (const toxic of toxics) {
      if (toxic.type === 'latency')
        delay += latencyDelay(toxic.latency, toxic.jitter ?? 0, this.link.random)
      if (toxic.type === 'loss')
        delay += lossDelay(toxic.percent, toxic.rto ?? 200, this.link.random)
    }
    const bandwidth = toxics.find(t => t.type === 'bandwidth')
    // Toxiproxy's rate is in KB/s, which is bytes per millisecond.
    const rate =
      bandwidth && bandwidth.type === 'bandwidth' && bandwidth.rate > 0 ? bandwidth.rate : 0
    const slicer = toxics.find(t => t.type === 'slicer')
    let sizes: number[]
    if (slicer && slicer.type === 'slicer')
      sizes = sliceSizes(
        chunk.length,
        slicer.average_size,
        slicer.size_variation ?? 0,
        this.link.random
      )
    else if (rate > 0)
      // Pieces of 10 ms each, so a large chunk trickles out at the rate instead of arriving whole.
      sizes = sliceSizes(chunk.length, Math.max(1, Math.round(rate * 10)), 0, this.link.random)
    else sizes = [chunk.length]
    let offset = 0
    sizes.forEach((size, i) => {
      const piece = chunk.subarray(offset, offset + size)
      const gap = slicer && slicer.type === 'slicer' ? (i * (slicer.delay ?? 0)) / 1000 : 0
      this.push(piece, delay + gap, rate > 0 ? size / rate : 0)
      offset += size
    })
  }

  private onEnd(): void {
    const slowClose = this.link.toxics(this.stream).find(t => t.type === 'slow_close')
    const delay = slowClose && slowClose.type === 'slow_close' ? slowClose.delay : 0
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

  private schedule(): void {
    if (this.timer || this.queue.length === 0) return
    this.timer = setTimeout(this.flush, Math.max(0, this.queue[0]!.at - performance.now()))
  }

  private flush = (): void => {
    this.timer = null
    const now = performance.now()
    while (this.queue.length > 0 && this.queue[0]!.at <= now + 0.5) {
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
  toxics(stream: Stream): Toxic[] {
    return this.proxy.toxicList.filter(
      toxic => (toxic.stream ?? 'downstream') === stream && this.applies(toxic)
    )
  }

  private applies(toxic: Toxic): boolean {
    const name = toxicName(toxic)
    let hit = this.draws.get(name)
    if (hit === undefined) {
      hit = this.random() < (toxic.toxicity ?? 1)
      this.draws.set(name, hit)
    }
    return hit
  }

  /** Starts the timed toxics (timeout, reset_peer) on this link. */
  applyTimers(): void {
    this.draws.clear()
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.length = 0
    for (const toxic of this.proxy.toxicList) {
      if (!this.applies(toxic)) continue
      if (toxic.type === 'timeout' && toxic.timeout > 0)
        this.timers.push(setTimeout(() => this.cut(), toxic.timeout))
      if (toxic.type === 'reset_peer')
        this.timers.push(setTimeout(() => this.reset(), toxic.timeout))
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
  toxicList: Toxic[] = []
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

  /** Replaces the toxics; open connections get them at once. */
  setToxics(toxics: Toxic[]): void {
    const names = toxics.map(toxicName)
    const duplicate = names.find((name, i) => names.indexOf(name) !== i)
    if (duplicate) throw new Error(`two toxics are named '${duplicate}'`)
    this.toxicList = toxics
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
