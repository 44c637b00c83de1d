/** The generator's HTTP/1.1 client against real servers: every framing a server may answer with. */
import http from 'node:http'
import net from 'node:net'

import { afterEach, describe, expect, it } from '@jest/globals'

import { Http1Connection, requestBytes } from '../../../../src/core/traffic/http1.js'
import type { ErrorClass } from '../../../../src/core/traffic/outcome.js'

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  while (closers.length) await closers.pop()!()
})

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  closers.push(() => new Promise(resolve => server.close(() => resolve())))
  return (server.address() as net.AddressInfo).port
}

/** A raw TCP server that answers every request with `reply` (then closes if `close`). */
async function rawServer(reply: string, close = false): Promise<number> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer(socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('data', () => {
      socket.write(reply)
      if (close) socket.end()
    })
  })
  closers.push(async () => {
    for (const socket of sockets) socket.destroy()
  })
  return listen(server)
}

interface Outcome {
  error: ErrorClass | null
  status: number
}

/** Sends `count` requests in turn on one connection; resolves with each outcome and the reuse count. */
async function requests(
  port: number,
  count: number,
  method = 'GET'
): Promise<{ outcomes: Outcome[]; connections: number }> {
  const outcomes: Outcome[] = []
  let connections = 0
  const pool: { idle: Http1Connection | null } = { idle: null }
  for (let i = 0; i < count; i++) {
    const reuse = pool.idle && !pool.idle.closed ? pool.idle : null
    if (!reuse) connections++
    const connection =
      reuse ??
      new Http1Connection(
        '127.0.0.1',
        port,
        c => (pool.idle = c),
        () => {}
      )
    pool.idle = null
    const outcome = await new Promise<Outcome>(resolve =>
      connection.send(
        requestBytes(method, '/x', `127.0.0.1:${port}`, {}, undefined),
        method === 'HEAD',
        performance.now() + 2000,
        (error, status) => resolve({ error, status })
      )
    )
    outcomes.push(outcome)
    await new Promise(resolve => setImmediate(resolve))
  }
  pool.idle?.destroy()
  return { outcomes, connections }
}

describe('Http1Connection', () => {
  it('reuses the connection for Content-Length and chunked answers from node:http', async () => {
    let n = 0
    const server = http.createServer((req, res) => {
      n++
      if (n % 2) res.end('a fixed body')
      else {
        res.write('chunk one,')
        res.write('chunk two')
        res.end()
      }
    })
    const port = await listen(server)
    closers.push(async () => server.closeAllConnections())
    const { outcomes, connections } = await requests(port, 6)
    expect(outcomes).toEqual(Array(6).fill({ error: null, status: 200 }))
    expect(connections).toBe(1)
  })

  it('classes statuses, and handles HEAD, 204 and a chunked answer split across packets', async () => {
    const port = await rawServer(
      'HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nbusy\r\n0\r\n\r\n'
    )
    expect((await requests(port, 2)).outcomes).toEqual([
      { error: 'http_5xx', status: 503 },
      { error: 'http_5xx', status: 503 }
    ])
    const head = await rawServer('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n')
    expect((await requests(head, 2, 'HEAD')).outcomes).toEqual(
      Array(2).fill({ error: null, status: 200 })
    )
    const noContent = await rawServer('HTTP/1.1 204 No Content\r\n\r\n')
    expect((await requests(noContent, 2)).outcomes[1]).toEqual({ error: null, status: 204 })
    const trickle = http.createServer((req, res) => {
      res.writeHead(404)
      res.write('x'.repeat(10))
      setTimeout(() => res.end('y'.repeat(5000)), 20)
    })
    const trickled = await listen(trickle)
    closers.push(async () => trickle.closeAllConnections())
    expect((await requests(trickled, 2)).outcomes).toEqual(
      Array(2).fill({ error: 'http_4xx', status: 404 })
    )
  })

  it('reads a body that ends at the close, and opens a new connection after Connection: close', async () => {
    const port = await rawServer('HTTP/1.0 200 OK\r\n\r\nuntil the end', true)
    const { outcomes, connections } = await requests(port, 3)
    expect(outcomes).toEqual(Array(3).fill({ error: null, status: 200 }))
    expect(connections).toBe(3)
    const closing = await rawServer(
      'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok',
      true
    )
    expect((await requests(closing, 2)).connections).toBe(2)
  })

  it('reports a connection cut mid-answer as a reset, and garbage as other', async () => {
    const cut = await rawServer('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort', true)
    expect((await requests(cut, 1)).outcomes).toEqual([{ error: 'reset', status: 200 }])
    const garbage = await rawServer('SSH-2.0-OpenSSH\r\n\r\n')
    expect((await requests(garbage, 1)).outcomes[0]!.error).toBe('other')
  })
})
