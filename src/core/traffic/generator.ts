/**
 * An open-loop traffic generator: requests are due at a constant rate whatever the service does, and
 * each one's latency runs from when it was *due*, not when a socket was free (the wrk2 and vegeta
 * model). A stalled service therefore shows as high latency, not as fewer samples.
 *
 * Requests in flight are capped (`maxInFlight`). A request due while the cap is full waits a few ms
 * for a free connection, then is not sent: it is counted in the phase's `unsent`, apart from the
 * service's errors, as k6 counts `dropped_iterations` (an overloaded service then gets fresh requests
 * it can answer in time, not ones already near their deadline, #22). So is one still queued at its
 * deadline (behind new connections waiting on their first answer) or when the traffic stops; a
 * backlog is sent newest first, so its stale end is what expires. A request that times out in
 * flight keeps its connection for the late answer; the connection is closed only when its slot is
 * needed, so the connections stay within the cap instead of churning one per timeout.
 */
import type { Clock } from '../clock.js'
import { refuseRemote } from '../net/loopback.js'
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
  /**
   * A request with no complete response this long after it was *due* is a `timeout`; one still
   * waiting for a connection by then is never sent.
   */
  timeoutMs: number
  /** The width of a time slice. */
  sliceMs: number
  /** At most this many requests in flight; default 1024. */
  maxInFlight?: number
  /**
   * Ramp the rate up linearly from zero over this long at the start (default 0: full rate at once),
   * so that connections open and code warms up a few at a time rather than in one cold burst.
   */
  rampMs?: number
  /** Send to a host that is not this machine's loopback (allow-remote-target); else refused. */
  allowRemote?: boolean
}

/** At most this many connections on their first request at once. */
const MAX_WARMING = 64
/**
 * How long a request due while every slot is in flight may wait for one before it is not sent: a
 * few timer ticks, so slots freed between ticks are used, and no more, so the requests the service
 * gets are fresh (a backlog would hand it requests already near their deadline).
 */
const CAP_WAIT_MS = 5
/**
 * An idle connection unused this long is closed, coldest first: a burst (or a stall) opens many, and
 * a server with hundreds of mostly idle keep-alive connections serves the same rate at a higher CPU
 * cost per request (docs/benchmarks.md), which can keep a generator from catching up after a stall.
 */
const IDLE_CLOSE_MS = 1000

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
  /** Requests per millisecond. */
  private readonly perMs: number
  private readonly rampMs: number
  private readonly maxInFlight: number
  private readonly queue: Pending[] = []
  private readonly idleConnections: Http1Connection[] = []
  private readonly connections = new Set<Http1Connection>()
  /** Connections still on their first request. */
  private readonly warming = new Set<Http1Connection>()
  /** Connections whose request timed out, still waiting for its late answer, oldest first. */
  private readonly orphans = new Set<Http1Connection>()
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
    refuseRemote('the traffic target', options.url.hostname, options.allowRemote)
    this.maxInFlight = options.maxInFlight ?? 1024
    this.prepared = prepare(options)
    this.perMs = options.rate / 1000
    this.rampMs = Math.max(0, options.rampMs ?? 0)
  }

  /** How many requests are due by `t` ms after the start: the area under the (ramped) rate. */
  private dueBy(t: number): number {
    const ramp = this.rampMs
    if (t < ramp) return (this.perMs * t * t) / (2 * ramp)
    return this.perMs * (t - ramp / 2)
  }

  /** When (ms after the start) request `k` is due: the inverse of {@link dueBy}. */
  private dueAt(k: number): number {
    const ramp = this.rampMs
    if (k < (this.perMs * ramp) / 2) return Math.sqrt((2 * ramp * k) / this.perMs)
    return k / this.perMs + ramp / 2
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

  /** Stops sending; requests still queued count as unsent; waits for those in flight. */
  async stop(): Promise<void> {
    const now = this.clock.now()
    const current = this.phases.at(-1)
    if (current && current.end === null) current.end = now
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    while (this.queueHead < this.queue.length) {
      const pending = this.queue[this.queueHead++]!
      pending.phase.unsend(pending.slice, 'stopped')
    }
    this.queue.length = 0
    this.queueHead = 0
    if (this.inFlight > 0) await new Promise<void>(resolve => (this.idle = resolve))
    if (this.sweeper) clearInterval(this.sweeper)
    this.sweeper = null
    for (const connection of this.connections) connection.destroy()
    this.connections.clear()
    this.orphans.clear()
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
    const due = Math.floor(this.dueBy(now - this.origin)) + 1
    for (; this.issued < due; this.issued++) {
      const intended = this.origin + this.dueAt(this.issued)
      const phase = this.phaseAt(intended)
      const slice = phase.slice(intended)
      phase.schedule(slice)
      const request = this.prepared[this.issued % this.prepared.length]!
      this.queue.push({ intended, phase, slice, request })
    }
    this.drain()
    const next = this.origin + this.dueAt(this.issued)
    this.timer = setTimeout(this.tick, Math.max(0, next - this.clock.now()))
  }

  /**
   * Times out requests past their deadline (one timer for all, not one per request) and closes the
   * connections idle for over {@link IDLE_CLOSE_MS}: the idle stack is used last-in first-out, so
   * its bottom holds the coldest.
   */
  private sweep = (): void => {
    const now = this.clock.now()
    let expired = false
    for (const connection of this.connections)
      if (connection.live && connection.deadline > 0 && now > connection.deadline) {
        // reported now; the connection stays to read the late answer (see expire)
        this.warming.delete(connection)
        this.orphans.add(connection)
        connection.expire('timeout')
        expired = true
      }
    let cold = 0
    while (
      cold < this.idleConnections.length &&
      now - this.idleConnections[cold]!.idleSince > IDLE_CLOSE_MS
    )
      cold++
    for (const connection of this.idleConnections.splice(0, cold)) connection.destroy()
    if (expired && !this.stopped) this.drain(now)
  }

  private open(): Http1Connection {
    const connection = new Http1Connection(
      this.options.url.hostname,
      Number(this.options.url.port || 80),
      idle => {
        this.warming.delete(idle)
        this.orphans.delete(idle)
        idle.idleSince = this.clock.now()
        this.idleConnections.push(idle)
        if (!this.stopped) this.drain(idle.idleSince)
      },
      closed => {
        this.warming.delete(closed)
        this.orphans.delete(closed)
        this.connections.delete(closed)
        if (!this.stopped) this.drain(this.clock.now())
      }
    )
    this.connections.add(connection)
    this.warming.add(connection)
    return connection
  }

  /**
   * Sends what is queued while there are connections for it. `readyAt` is when capacity came back
   * (a connection went idle or closed, a slot was freed): a request that waited for it was not late
   * by the generator's doing, so its send lag counts from then, not from when it was due.
   */
  private drain(readyAt = -Infinity): void {
    const now = this.clock.now()
    this.expire(now)
    while (this.queueHead < this.queue.length) {
      const connection = this.connection()
      if (connection === 'cap') {
        this.shed(now)
        break
      }
      if (!connection) break
      // Newest first: a backlog is served from its fresh end (adaptive LIFO), so a service that
      // falls behind gets requests it can still answer in time, and the stale end expires unsent.
      this.send(connection, this.queue.pop()!, now, readyAt)
    }
    if (this.queueHead > 4096 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead)
      this.queueHead = 0
    }
  }

  /**
   * Requests still queued at their deadline, waiting for a connection the service held (new ones on
   * their first answer): never sent, so the generator's backlog, not the service's errors.
   */
  private expire(now: number): void {
    while (this.queueHead < this.queue.length) {
      const head = this.queue[this.queueHead]!
      if (now - head.intended <= this.options.timeoutMs) return
      head.phase.unsend(head.slice, 'expired')
      this.queueHead++
    }
  }

  /**
   * A connection to send on: an idle one, else a new one while few are on their first request (a
   * burst at start-up or a stall would otherwise open the whole allowance, most of it to sit idle
   * after); null to wait for one; 'cap' when `maxInFlight` requests are in flight.
   */
  private connection(): Http1Connection | null | 'cap' {
    let connection = this.idleConnections.pop()
    while (connection && (connection.closed || connection.busy))
      connection = this.idleConnections.pop()
    if (connection) return connection
    if (this.inFlight >= this.maxInFlight) return 'cap'
    if (this.warming.size >= MAX_WARMING) return null
    if (this.connections.size >= this.maxInFlight && !this.recycle()) return null
    return this.open()
  }

  /** Closes the oldest connection still waiting for a timed-out answer, to free its slot. */
  private recycle(): boolean {
    const oldest = this.orphans.values().next()
    if (oldest.done) return false
    this.orphans.delete(oldest.value)
    this.connections.delete(oldest.value)
    oldest.value.destroy()
    return true
  }

  /** Every slot is in flight: requests that have waited over {@link CAP_WAIT_MS} are not sent. */
  private shed(now: number): void {
    while (this.queueHead < this.queue.length) {
      const head = this.queue[this.queueHead]!
      if (now - head.intended <= CAP_WAIT_MS) return
      head.phase.unsend(head.slice, 'cap')
      this.queueHead++
    }
  }

  private send(connection: Http1Connection, pending: Pending, now: number, readyAt: number): void {
    this.inFlight++
    recordMs(pending.phase.lag, now - Math.max(pending.intended, readyAt))
    connection.send(
      pending.request.bytes,
      pending.request.head,
      pending.intended + this.options.timeoutMs,
      (error: ErrorClass | null) => {
        pending.phase.record(
          pending.slice,
          this.clock.now() - pending.intended,
          error,
          pending.intended
        )
        this.inFlight--
        if (this.stopped && this.inFlight === 0) this.idle?.()
      }
    )
  }
}
