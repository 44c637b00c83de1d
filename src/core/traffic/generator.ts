/**
 * An open-loop traffic generator: requests are due at a constant rate whatever the service does, and
 * each one's latency runs from when it was *due*, not when a socket was free (the wrk2 and vegeta
 * model). A stalled service therefore shows as high latency, not as fewer samples. Requests in flight
 * are capped; the ones over the cap wait in a queue, and that wait counts in their latency.
 */
import type { Clock } from '../clock.js'
import { Http1Connection, requestBytes } from './http1.js'
import { recordMs } from './latency.js'
import type { ErrorClass } from './outcome.js'
import { Phase, type Slice } from './phase.js'
import type { TrafficRequest } from './requests.js'

export interface TrafficOptions {
  /** Where requests go: the fault proxy, or the target itself. */
  url: URL
  /** The Host header to send (the real target's host), when `url` is a proxy. */
  host?: string
  requests: TrafficRequest[]
  /** Requests per second. */
  rate: number
  /** A request with no complete response after this is a `timeout`. */
  timeoutMs: number
  /** The width of a time slice. */
  sliceMs: number
  /** At most this many requests in flight; default 1024. */
  maxInFlight?: number
}

/** At most this many connections on their first request at once. */
const MAX_WARMING = 64

interface Pending {
  intended: number
  phase: Phase
  slice: Slice
  request: Prepared
}

interface Prepared {
  bytes: Buffer
  head: boolean
}

function prepare(options: TrafficOptions): Prepared[] {
  const host = options.host ?? options.url.host
  return options.requests.map(request => ({
    bytes: requestBytes(
      request.method,
      request.path,
      host,
      { 'user-agent': 'chaos-ci-traffic', ...request.headers },
      request.body === undefined ? undefined : Buffer.from(request.body)
    ),
    head: request.method === 'HEAD'
  }))
}

export class TrafficGenerator {
  readonly phases: Phase[] = []
  private readonly prepared: Prepared[]
  private readonly interval: number
  private readonly maxInFlight: number
  private readonly queue: Pending[] = []
  private readonly idleConnections: Http1Connection[] = []
  private readonly connections = new Set<Http1Connection>()
  /** Connections still on their first request. */
  private readonly warming = new Set<Http1Connection>()
  private queueHead = 0
  private origin = 0
  private issued = 0
  private inFlight = 0
  private timer: NodeJS.Timeout | null = null
  private sweeper: NodeJS.Timeout | null = null
  private stopped = true
  private idle: (() => void) | null = null

  constructor(
    private readonly options: TrafficOptions,
    private readonly clock: Pick<Clock, 'now'>
  ) {
    if (!(options.rate > 0)) throw new RangeError('rate must be positive')
    if (options.url.protocol !== 'http:')
      throw new RangeError('the traffic generator speaks http only')
    this.maxInFlight = options.maxInFlight ?? 1024
    this.prepared = prepare(options)
    this.interval = 1000 / options.rate
  }

  /** Starts a phase now (ending the current one); the first call starts the traffic. */
  phase(name: string): Phase {
    const now = this.clock.now()
    const current = this.phases.at(-1)
    if (current) current.end = now
    const phase = new Phase(name, now, this.options.sliceMs)
    this.phases.push(phase)
    if (this.stopped) {
      this.stopped = false
      this.origin = now
      this.issued = 0
      this.sweeper = setInterval(this.sweep, Math.max(5, Math.min(50, this.options.timeoutMs / 4)))
      this.tick()
    }
    return phase
  }

  /** Stops sending; requests still queued count as timeouts; waits for those in flight. */
  async stop(): Promise<void> {
    const now = this.clock.now()
    const current = this.phases.at(-1)
    if (current && current.end === null) current.end = now
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    while (this.queueHead < this.queue.length) {
      const pending = this.queue[this.queueHead++]!
      pending.phase.record(pending.slice, now - pending.intended, 'timeout')
    }
    this.queue.length = 0
    this.queueHead = 0
    if (this.inFlight > 0) await new Promise<void>(resolve => (this.idle = resolve))
    if (this.sweeper) clearInterval(this.sweeper)
    this.sweeper = null
    for (const connection of this.connections) connection.destroy()
    this.connections.clear()
    this.idleConnections.length = 0
  }

  private phaseAt(intended: number): Phase {
    for (let i = this.phases.length - 1; i > 0; i--)
      if (this.phases[i]!.start <= intended) return this.phases[i]!
    return this.phases[0]!
  }

  private tick = (): void => {
    this.timer = null
    if (this.stopped) return
    const now = this.clock.now()
    const due = Math.floor((now - this.origin) / this.interval) + 1
    for (; this.issued < due; this.issued++) {
      const intended = this.origin + this.issued * this.interval
      const phase = this.phaseAt(intended)
      const slice = phase.slice(intended)
      slice.scheduled++
      const request = this.prepared[this.issued % this.prepared.length]!
      this.queue.push({ intended, phase, slice, request })
    }
    this.drain()
    const next = this.origin + this.issued * this.interval
    this.timer = setTimeout(this.tick, Math.max(0, next - this.clock.now()))
  }

  /** Times out requests past their deadline (one timer for all, not one per request). */
  private sweep = (): void => {
    const now = this.clock.now()
    for (const connection of this.connections)
      if (connection.busy && connection.deadline > 0 && now > connection.deadline)
        connection.fail('timeout')
  }

  private open(): Http1Connection {
    const connection = new Http1Connection(
      this.options.url.hostname,
      Number(this.options.url.port || 80),
      idle => {
        this.warming.delete(idle)
        this.idleConnections.push(idle)
        if (!this.stopped) this.drain()
      },
      closed => {
        this.warming.delete(closed)
        this.connections.delete(closed)
        if (!this.stopped) this.drain()
      }
    )
    this.connections.add(connection)
    this.warming.add(connection)
    return connection
  }

  private drain(): void {
    while (this.queueHead < this.queue.length) {
      let connection = this.idleConnections.pop()
      while (connection && (connection.closed || connection.busy))
        connection = this.idleConnections.pop()
      if (!connection) {
        // New connections only while few are still on their first request: a burst at start-up
        // (or a stall) would otherwise open the whole allowance, most of it to sit idle after.
        if (this.connections.size >= this.maxInFlight || this.warming.size >= MAX_WARMING) break
        connection = this.open()
      }
      this.send(connection, this.queue[this.queueHead++]!)
    }
    if (this.queueHead > 4096 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead)
      this.queueHead = 0
    }
  }

  private send(connection: Http1Connection, pending: Pending): void {
    this.inFlight++
    recordMs(pending.phase.lag, this.clock.now() - pending.intended)
    connection.send(
      pending.request.bytes,
      pending.request.head,
      this.clock.now() + this.options.timeoutMs,
      (error: ErrorClass | null) => {
        pending.phase.record(pending.slice, this.clock.now() - pending.intended, error)
        this.inFlight--
        if (this.stopped && this.inFlight === 0) this.idle?.()
      }
    )
  }
}
