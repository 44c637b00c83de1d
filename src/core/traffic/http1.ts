/**
 * A lean HTTP/1.1 client connection for the traffic generator: one request at a time on a kept-alive
 * socket, the request bytes prepared once, and only what a load generator needs from the response
 * parsed (status, Content-Length, chunked framing, Connection: close). Node's http client costs
 * several times more CPU per request, which caps an open-loop generator far below the service's
 * capacity on a small runner (docs/benchmarks.md). A request that times out is reported at once but
 * its connection is kept to read the late answer ({@link Http1Connection.expire}): closing it would
 * cost the server a new connection per timeout, the storm that sank an overloaded service (#22).
 */
import net from 'node:net'

import { type ErrorClass, errorClass, statusClass } from './outcome.js'

/** Called once per request: null for a success, else the error class; the status when one came. */
export type Completion = (error: ErrorClass | null, status: number) => void

type State =
  | 'idle'
  | 'head'
  | 'length'
  | 'chunk-size'
  | 'chunk-data'
  | 'chunk-crlf'
  | 'trailer'
  | 'until-close'

const CRLF = Buffer.from('\r\n')
const HEAD_END = Buffer.from('\r\n\r\n')

/** The bytes of a request, built once. */
export function requestBytes(
  method: string,
  path: string,
  host: string,
  headers: Record<string, string | number>,
  body: Buffer | undefined
): Buffer {
  const lines = [`${method} ${path} HTTP/1.1`, `host: ${host}`]
  for (const [name, value] of Object.entries(headers))
    if (name.toLowerCase() !== 'host' && name.toLowerCase() !== 'content-length')
      lines.push(`${name}: ${value}`)
  if (body || method === 'POST' || method === 'PUT' || method === 'PATCH')
    lines.push(`content-length: ${body?.length ?? 0}`)
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1')
  return body ? Buffer.concat([head, body]) : head
}

export class Http1Connection {
  readonly socket: net.Socket
  /** When the request in flight times out (performance.now() ms); 0 when idle. */
  deadline = 0
  /** When the connection last became idle (performance.now() ms). */
  idleSince = 0
  closed = false
  private state: State = 'idle'
  private pending: Buffer | null = null
  private remaining = 0
  private status = 0
  private closeAfter = false
  private head = false
  private done: Completion | null = null

  constructor(
    host: string,
    port: number,
    private readonly onIdle: (connection: Http1Connection) => void,
    private readonly onClosed: (connection: Http1Connection) => void
  ) {
    this.socket = net.connect({ host, port, noDelay: true })
    this.socket.on('data', chunk => this.onData(chunk))
    this.socket.on('error', (error: NodeJS.ErrnoException) => this.fail(errorClass(error)))
    this.socket.on('close', () => {
      this.closed = true
      if (this.state === 'until-close') this.complete()
      else if (this.busy) this.fail('reset')
      this.onClosed(this)
    })
  }

  /** Waiting for an answer: to a request in flight, or to one already reported (see {@link live}). */
  get busy(): boolean {
    return this.state !== 'idle'
  }

  /** A request is in flight and not yet reported. */
  get live(): boolean {
    return this.done !== null
  }

  /** Sends a request; `done` is called exactly once. */
  send(bytes: Buffer, isHead: boolean, deadline: number, done: Completion): void {
    this.done = done
    this.deadline = deadline
    this.head = isHead
    this.state = 'head'
    this.pending = null
    this.socket.write(bytes)
  }

  /** Ends the request in flight with `error` and closes the socket (it is in an unknown state). */
  fail(error: ErrorClass): void {
    const done = this.done
    this.done = null
    this.deadline = 0
    this.state = 'idle'
    this.socket.destroy()
    done?.(error, this.status)
  }

  /**
   * Reports the request in flight as `error` (a timeout) now, and keeps the connection to read its
   * late answer: once that has come, the connection is idle again. Until then it is busy but not
   * {@link live}; the generator closes it only when it needs the slot.
   */
  expire(error: ErrorClass): void {
    const done = this.done
    if (!done) return
    this.done = null
    this.deadline = 0
    done(error, this.status)
  }

  destroy(): void {
    this.socket.destroy()
  }

  private complete(): void {
    if (this.state === 'idle') return
    const done = this.done
    this.done = null
    this.deadline = 0
    this.state = 'idle'
    this.pending = null
    const status = this.status
    if (this.closeAfter) this.socket.destroy()
    done?.(statusClass(status), status)
    if (!this.closeAfter && !this.closed) this.onIdle(this)
  }

  private onData(chunk: Buffer): void {
    if (this.state === 'idle') return
    let data = this.pending ? Buffer.concat([this.pending, chunk]) : chunk
    this.pending = null
    while (this.busy && data.length > 0) {
      const used = this.step(data)
      if (used < 0) {
        this.pending = data
        return
      }
      data = data.subarray(used)
    }
  }

  /** Parses from `data`; returns the bytes used, or -1 when more bytes are needed. */
  private step(data: Buffer): number {
    switch (this.state) {
      case 'head': {
        const end = data.indexOf(HEAD_END)
        if (end < 0) return -1
        this.readHead(data.toString('latin1', 0, end))
        return end + 4
      }
      case 'length': {
        const used = Math.min(this.remaining, data.length)
        this.remaining -= used
        if (this.remaining === 0) this.complete()
        return used
      }
      case 'chunk-size': {
        const end = data.indexOf(CRLF)
        if (end < 0) return -1
        const size = parseInt(data.toString('latin1', 0, end).split(';')[0]!, 16)
        if (!Number.isFinite(size)) {
          this.fail('other')
          return data.length
        }
        this.remaining = size
        this.state = size === 0 ? 'trailer' : 'chunk-data'
        return end + 2
      }
      case 'chunk-data': {
        const used = Math.min(this.remaining, data.length)
        this.remaining -= used
        if (this.remaining === 0) {
          this.state = 'chunk-crlf'
          this.remaining = 2
        }
        return used
      }
      case 'chunk-crlf': {
        const used = Math.min(this.remaining, data.length)
        this.remaining -= used
        if (this.remaining === 0) this.state = 'chunk-size'
        return used
      }
      case 'trailer': {
        const end = data.indexOf(CRLF)
        if (end < 0) return -1
        if (end === 0) this.complete()
        return end + 2
      }
      case 'until-close':
        return data.length
      default:
        return data.length
    }
  }

  private readHead(text: string): void {
    const lines = text.split('\r\n')
    const status = Number(lines[0]!.split(' ')[1])
    if (!(status >= 100 && status < 600)) return this.fail('other')
    if (status >= 100 && status < 200) return // 100 Continue and the like: the real head follows
    this.status = status
    let length: number | null = null
    let chunked = false
    this.closeAfter = lines[0]!.startsWith('HTTP/1.0')
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!
      const colon = line.indexOf(':')
      const name = line.slice(0, colon).trim().toLowerCase()
      const value = line
        .slice(colon + 1)
        .trim()
        .toLowerCase()
      if (name === 'content-length') length = Number(value)
      else if (name === 'transfer-encoding') chunked = value.includes('chunked')
      else if (name === 'connection') this.closeAfter = value.includes('close')
    }
    if (this.head || status === 204 || status === 304) return this.complete()
    if (chunked) this.state = 'chunk-size'
    else if (length !== null) {
      this.remaining = length
      this.state = 'length'
      if (length === 0) this.complete()
    } else this.state = 'until-close'
  }
}
