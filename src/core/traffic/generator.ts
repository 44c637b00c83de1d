/**
 * An open-loop traffic generator: requests are due at a constant rate whatever the service does, and
 * each one's latency runs from when it was *due*, not when a socket was free (the wrk2 and vegeta
 * model). A stalled service therefore shows as high latency, not as fewer samples. Requests in flight
 * are capped; the ones over the cap wait in a queue, and that wait counts in their latency.
 */
import http from 'node:http'
import https from 'node:https'

import type { Clock } from '../clock.js'
import { type ErrorClass, errorClass, statusClass } from './outcome.js'
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

interface Pending {
  intended: number
  phase: Phase
  slice: Slice
  request: Prepared
}

interface Prepared {
  method: string
  path: string
  headers: Record<string, string | number>
  body: Buffer | undefined
}

function prepare(options: TrafficOptions): Prepared[] {
  return options.requests.map(request => {
    const body = request.body === undefined ? undefined : Buffer.from(request.body)
    return {
      method: request.method,
      path: request.path,
      headers: {
        'user-agent': 'chaos-ci-traffic',
        ...(options.host ? { host: options.host } : {}),
        ...(body ? { 'content-length': body.length } : {}),
        ...request.headers
      },
      body
    }
  })
}

export class TrafficGenerator {
  readonly phases: Phase[] = []
  private readonly agent: http.Agent
  private readonly prepared: Prepared[]
  private readonly interval: number
  private readonly maxInFlight: number
  private readonly queue: Pending[] = []
  private queueHead = 0
  private origin = 0
  private issued = 0
  private inFlight = 0
  private timer: NodeJS.Timeout | null = null
  private stopped = true
  private idle: (() => void) | null = null

  constructor(
    private readonly options: TrafficOptions,
    private readonly clock: Pick<Clock, 'now'>
  ) {
    if (!(options.rate > 0)) throw new RangeError('rate must be positive')
    this.maxInFlight = options.maxInFlight ?? 1024
    const Agent = options.url.protocol === 'https:' ? https.Agent : http.Agent
    this.agent = new Agent({ keepAlive: true, maxSockets: this.maxInFlight })
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
      this.tick()
    }
    return phase
  }

  get current(): Phase | undefined {
    return this.phases.at(-1)
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
    this.agent.destroy()
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

  private drain(): void {
    while (this.inFlight < this.maxInFlight && this.queueHead < this.queue.length) {
      this.send(this.queue[this.queueHead++]!)
    }
    if (this.queueHead > 4096 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead)
      this.queueHead = 0
    }
  }

  private send(pending: Pending): void {
    this.inFlight++
    const { url, timeoutMs } = this.options
    const client = url.protocol === 'https:' ? https : http
    let finished = false
    const finish = (error: ErrorClass | null): void => {
      if (finished) return
      finished = true
      clearTimeout(timer)
      pending.phase.record(pending.slice, this.clock.now() - pending.intended, error)
      this.inFlight--
      if (!this.stopped) this.drain()
      else if (this.inFlight === 0) this.idle?.()
    }
    const request = client.request({
      agent: this.agent,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port,
      method: pending.request.method,
      path: pending.request.path,
      headers: pending.request.headers,
      setHost: pending.request.headers.host === undefined
    })
    const timer = setTimeout(() => {
      request.destroy()
      finish('timeout')
    }, timeoutMs)
    request.on('error', (error: NodeJS.ErrnoException) => finish(errorClass(error)))
    request.on('response', response => {
      response.on('error', (error: NodeJS.ErrnoException) => finish(errorClass(error)))
      response.on('end', () => finish(statusClass(response.statusCode ?? 0)))
      response.on('close', () => {
        if (!response.complete) finish('reset')
      })
      response.resume()
    })
    request.end(pending.request.body)
  }
}
