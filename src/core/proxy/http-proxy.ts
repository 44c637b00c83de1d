/**
 * An HTTP-aware fault proxy: a reverse proxy that decides *per request* whether a fault hits it, from
 * a seeded stream, so "fail 20%", "fail the first 5" or "fail for 10 s" replay exactly from the seed.
 * Every request after the fault starts draws one number, hit or not, so request N always draws the
 * same number for the same seed. The journal keeps which requests were hit.
 */
import http from 'node:http'
import type net from 'node:net'

import type { Random } from '../clock.js'
import { refuseRemote } from '../net/loopback.js'
import { seededRandom } from '../random.js'
import { closeServer, listenOn } from './listen.js'
import type { Address } from './tcp-proxy.js'
import { latencyDelay } from './toxics/latency.js'

export interface HttpFault {
  /** The chance (0–1) that a candidate request is hit; default 1. */
  rate?: number
  /** Only the first N requests after the fault starts are candidates. */
  first?: number
  /** Only requests within this many ms of the fault's start are candidates. */
  forMs?: number
  /** Delay hit requests (ms, ± jitter) before forwarding or aborting them. */
  delayMs?: number
  jitterMs?: number
  /** Answer hit requests with this status instead of forwarding them. */
  abort?: { status: number; retryAfterSeconds?: number }
  /** Only requests whose path matches this pattern (`*` for any characters). */
  path?: string
}

export interface HttpHit {
  /** The request's number since the fault started (0-based, counting candidates by path only). */
  index: number
  /** Milliseconds since the fault started (to 0.1 ms, rounded down). */
  at_ms: number
  method: string
  path: string
  action: 'abort' | 'delay'
}

export interface HttpJournal {
  seed: number
  /** Requests seen while the fault was set. */
  requests: number
  hits: number
  /** The first hits, up to {@link MAX_JOURNAL}. */
  hit_list: HttpHit[]
}

const MAX_JOURNAL = 10_000
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'upgrade']

function pathMatcher(pattern: string | undefined): (path: string) => boolean {
  if (!pattern) return () => true
  const regex = new RegExp(
    `^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`
  )
  return path => regex.test(path.split('?')[0]!)
}

export interface HttpProxyOptions {
  listen: Address
  upstream: Address
  /** Forward to a non-loopback upstream (allow-remote-target); else refused. */
  allowRemoteUpstream?: boolean
}

export class HttpFaultProxy {
  private server: http.Server | null = null
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1024 })
  private readonly sockets = new Set<net.Socket>()
  private fault: HttpFault | null = null
  private random: Random = Math.random
  private matches: (path: string) => boolean = () => true
  private started = 0
  private port = 0
  journal: HttpJournal = { seed: 0, requests: 0, hits: 0, hit_list: [] }

  constructor(readonly options: HttpProxyOptions) {
    refuseRemote('the proxy upstream', options.upstream.host, options.allowRemoteUpstream)
  }

  get address(): Address {
    return { host: this.options.listen.host, port: this.port }
  }

  async start(): Promise<Address> {
    if (this.server) return this.address
    const server = http.createServer({ keepAlive: true }, (request, response) =>
      this.handle(request, response)
    )
    server.on('connection', socket => {
      socket.setNoDelay(true)
      this.sockets.add(socket)
      socket.once('close', () => this.sockets.delete(socket))
    })
    this.port = await listenOn(server, this.options.listen.host, this.options.listen.port)
    this.server = server
    return this.address
  }

  /**
   * Sets the fault; its clock, request count and journal start now. `null` returns to pass-through
   * and keeps the journal of the fault that ended.
   */
  setFault(fault: HttpFault | null, seed = 1): void {
    this.fault = fault
    if (!fault) return
    this.random = seededRandom(seed)
    this.matches = pathMatcher(fault.path)
    this.started = performance.now()
    this.journal = { seed, requests: 0, hits: 0, hit_list: [] }
  }

  /** Decides whether this request is hit (pure in the seed and the request's number and time). */
  private decide(method: string, path: string): HttpHit | null {
    const fault = this.fault
    if (!fault || !this.matches(path)) return null
    const index = this.journal.requests++
    const atMs = performance.now() - this.started
    const draw = this.random()
    const candidate =
      (fault.first === undefined || index < fault.first) &&
      (fault.forMs === undefined || atMs < fault.forMs)
    if (!candidate || draw >= (fault.rate ?? 1)) return null
    const hit: HttpHit = {
      index,
      at_ms: Math.floor(atMs * 10) / 10,
      method,
      path,
      action: fault.abort ? 'abort' : 'delay'
    }
    this.journal.hits++
    if (this.journal.hit_list.length < MAX_JOURNAL) this.journal.hit_list.push(hit)
    return hit
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const fault = this.fault
    const hit = this.decide(request.method ?? 'GET', request.url ?? '/')
    const delay =
      hit && fault?.delayMs ? latencyDelay(fault.delayMs, fault.jitterMs ?? 0, this.random) : 0
    const act = (): void => {
      if (hit && fault?.abort) return this.abort(request, response, fault.abort)
      this.forward(request, response)
    }
    if (delay > 0) setTimeout(act, delay)
    else act()
  }

  private abort(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    abort: NonNullable<HttpFault['abort']>
  ): void {
    request.resume()
    const body = JSON.stringify({ error: 'fault injected by chaos-ci', status: abort.status })
    response.writeHead(abort.status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      ...(abort.retryAfterSeconds !== undefined
        ? { 'retry-after': String(abort.retryAfterSeconds) }
        : {})
    })
    response.end(body)
  }

  private forward(request: http.IncomingMessage, response: http.ServerResponse): void {
    const headers = { ...request.headers }
    for (const name of HOP_BY_HOP) delete headers[name]
    const upstream = http.request({
      agent: this.agent,
      host: this.options.upstream.host,
      port: this.options.upstream.port,
      method: request.method,
      path: request.url,
      headers
    })
    upstream.on('response', answer => {
      const out = { ...answer.headers }
      for (const name of HOP_BY_HOP) delete out[name]
      response.writeHead(answer.statusCode ?? 502, out)
      answer.pipe(response)
      answer.on('error', () => response.destroy())
    })
    upstream.on('error', () => {
      if (response.headersSent) return response.destroy()
      response.writeHead(502, { 'content-type': 'text/plain' })
      response.end('chaos-ci proxy: the upstream did not answer\n')
    })
    request.pipe(upstream)
  }

  async close(): Promise<void> {
    this.fault = null
    const server = this.server
    this.server = null
    for (const socket of this.sockets) socket.destroy()
    this.agent.destroy()
    await closeServer(server)
  }
}
