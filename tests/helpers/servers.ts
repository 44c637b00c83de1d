/**
 * Real local servers for tests, all on 127.0.0.1 with port 0: scripted HTTP responses, a server that
 * accepts and never answers, and a port with nothing listening.
 */
import http from 'node:http'
import net from 'node:net'

export interface Reply {
  status: number
  body?: unknown
}

export interface TestServer {
  url: string
  port: number
  /** Requests received so far. */
  hits(): number
  close(): Promise<void>
}

async function listen(server: net.Server, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  return (server.address() as net.AddressInfo).port
}

function closer(server: http.Server | net.Server, sockets: Set<net.Socket>): () => Promise<void> {
  return () =>
    new Promise(resolve => {
      for (const socket of sockets) socket.destroy()
      server.close(() => resolve())
    })
}

/** An HTTP server answering with `replies[i]` to request i, and the last reply after the list ends. */
export async function scriptedServer(
  replies: Reply[] | ((hit: number) => Reply),
  port = 0,
  onRequest?: (req: http.IncomingMessage) => void
): Promise<TestServer> {
  let count = 0
  const sockets = new Set<net.Socket>()
  const server = http.createServer((req, res) => {
    onRequest?.(req)
    const reply =
      typeof replies === 'function' ? replies(count) : replies[Math.min(count, replies.length - 1)]!
    count++
    const text =
      reply.body === undefined
        ? ''
        : typeof reply.body === 'string'
          ? reply.body
          : JSON.stringify(reply.body)
    res.writeHead(reply.status, { 'content-type': 'application/json' })
    res.end(text)
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const bound = await listen(server, port)
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    hits: () => count,
    close: closer(server, sockets)
  }
}

/** An HTTP server that also counts its connections: open now, and accepted so far. */
export interface CountingServer extends TestServer {
  open(): number
  accepted(): number
}

/**
 * An HTTP server on `handler` that counts its connections; `hits` says what a request is for it.
 * `onClose` runs first when it closes (to stop a timer the handler uses).
 */
export async function countingServer(
  handler: http.RequestListener,
  hits: () => number,
  onClose?: () => void
): Promise<CountingServer> {
  const sockets = new Set<net.Socket>()
  let accepted = 0
  const server = http.createServer(handler)
  server.on('connection', socket => {
    accepted++
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const port = await listen(server)
  const close = closer(server, sockets)
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits,
    open: () => sockets.size,
    accepted: () => accepted,
    close: () => {
      onClose?.()
      return close()
    }
  }
}

/** A TCP server that accepts connections and never answers: only a request timeout ends a probe. */
export async function silentServer(): Promise<TestServer> {
  let count = 0
  const sockets = new Set<net.Socket>()
  const server = net.createServer(socket => {
    count++
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const port = await listen(server)
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits: () => count,
    close: closer(server, sockets)
  }
}

/** A port that was free a moment ago: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = net.createServer()
  const port = await listen(server)
  await new Promise(resolve => server.close(resolve))
  return port
}

/** A TCP dependency: answers each line `ping` with `pong`, as a tiny database would. */
export async function pongServer(): Promise<TestServer> {
  let count = 0
  const sockets = new Set<net.Socket>()
  const server = net.createServer(socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    socket.on('data', chunk => {
      for (const line of chunk.toString().split('\n'))
        if (line === 'ping') {
          count++
          socket.write('pong\n')
        }
    })
  })
  const port = await listen(server)
  return { url: `tcp://127.0.0.1:${port}`, port, hits: () => count, close: closer(server, sockets) }
}

/**
 * Asks a pong server once, on a fresh connection; resolves true on `pong` within `timeoutMs`. The
 * default is below the engine's 2 s request timeout and far above a loaded machine's stalls: a stall
 * past it reads as the dependency failing, and a baseline request failed once in CI at 300 ms.
 */
export function askDependency(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect(port, '127.0.0.1')
    const done = (ok: boolean): void => {
      clearTimeout(timer)
      socket.destroy()
      resolve(ok)
    }
    const timer = setTimeout(() => done(false), timeoutMs)
    socket.on('error', () => done(false))
    socket.on('data', data => done(data.toString().startsWith('pong')))
    socket.write('ping\n')
  })
}

/**
 * An HTTP service that needs a TCP dependency on every request. With `breakerMs`, it also checks the
 * dependency every 50 ms and answers 503 until the dependency has been fine for `breakerMs` (a
 * circuit breaker's wait): it recovers `breakerMs` after the dependency is back.
 */
export async function dependentService(
  dependencyPort: number,
  breakerMs = 0
): Promise<TestServer & { outageMs(): number | null }> {
  let count = 0
  // the outage as the service itself answered it: its first 503, and its first 200 after that
  let failedAt: number | null = null
  let recoveredAt: number | null = null
  let lastDown = Number.NEGATIVE_INFINITY
  const sockets = new Set<net.Socket>()
  const watch =
    breakerMs > 0
      ? setInterval(() => {
          void askDependency(dependencyPort).then(ok => {
            if (!ok) lastDown = performance.now()
          })
        }, 50)
      : null
  const server = http.createServer((req, res) => {
    count++
    const answer = (ok: boolean): void => {
      const now = performance.now()
      if (!ok && failedAt === null) failedAt = now
      if (ok && failedAt !== null && recoveredAt === null) recoveredAt = now
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ ok }))
    }
    if (performance.now() - lastDown < breakerMs) return answer(false)
    void askDependency(dependencyPort).then(answer)
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const port = await listen(server)
  const close = closer(server, sockets)
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits: () => count,
    outageMs: () =>
      failedAt === null || recoveredAt === null ? null : Math.round(recoveredAt - failedAt),
    close: () => {
      if (watch) clearInterval(watch)
      return close()
    }
  }
}
