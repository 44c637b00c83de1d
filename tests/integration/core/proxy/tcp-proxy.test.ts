/** The TCP fault proxy against a real echo server on 127.0.0.1: each toxic's observable effect. */
import net from 'node:net'

import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'

import { TcpProxy } from '../../../../src/core/proxy/tcp-proxy.js'
import type { Toxic } from '../../../../src/core/proxy/toxic.js'
import { registerToxic } from '../../../../src/core/proxy/toxics/index.js'
import { xorBytes } from '../../../helpers/xor-toxic.js'

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  while (closers.length) await closers.pop()!()
})

/** An echo server; with `closeAfterMs` it closes each connection that long after accepting it. */
async function echoServer(closeAfterMs?: number): Promise<number> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer(socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    socket.on('data', chunk => socket.write(chunk))
    if (closeAfterMs !== undefined) setTimeout(() => socket.end(), closeAfterMs)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  closers.push(
    () =>
      new Promise(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  )
  return (server.address() as net.AddressInfo).port
}

async function proxyTo(port: number, toxics: Toxic[] = []): Promise<TcpProxy> {
  const proxy = new TcpProxy({
    listen: { host: '127.0.0.1', port: 0 },
    upstream: { host: '127.0.0.1', port }
  })
  await proxy.start()
  proxy.setToxics(toxics)
  closers.push(() => proxy.close())
  return proxy
}

interface Exchange {
  received: Buffer
  chunks: number
  ms: number
  ended: 'end' | 'close' | 'error' | 'open'
  error?: string
}

/** Connects, sends `data`, collects what comes back until `bytes` arrived, the end, or `waitMs`. */
function exchange(port: number, data: Buffer, bytes: number, waitMs = 3000): Promise<Exchange> {
  return new Promise(resolve => {
    const start = performance.now()
    const parts: Buffer[] = []
    const socket = net.connect(port, '127.0.0.1')
    let size = 0
    const done = (ended: Exchange['ended'], error?: string): void => {
      clearTimeout(timer)
      socket.destroy()
      resolve({
        received: Buffer.concat(parts),
        chunks: parts.length,
        ms: performance.now() - start,
        ended,
        ...(error ? { error } : {})
      })
    }
    const timer = setTimeout(() => done('open'), waitMs)
    socket.on('connect', () => socket.write(data))
    socket.on('data', chunk => {
      parts.push(chunk)
      size += chunk.length
      if (size >= bytes) done('open')
    })
    socket.on('end', () => done('end'))
    socket.on('error', (error: NodeJS.ErrnoException) => done('error', error.code))
  })
}

const hello = Buffer.from('hello')

describe('TcpProxy', () => {
  it('passes data straight through with no toxics', async () => {
    const proxy = await proxyTo(await echoServer())
    const result = await exchange(proxy.address.port, hello, 5)
    expect(result.received.toString()).toBe('hello')
    expect(proxy.stats).toMatchObject({ connections: 1, bytesUpstream: 5, bytesDownstream: 5 })
  })

  it('latency delays the answer by about the latency', async () => {
    const proxy = await proxyTo(await echoServer(), [{ type: 'latency', latency: 150 }])
    const result = await exchange(proxy.address.port, hello, 5)
    expect(result.received.toString()).toBe('hello')
    expect(result.ms).toBeGreaterThanOrEqual(148)
    expect(result.ms).toBeLessThan(400)
  })

  it('latency never delivers early: every chunk is held at least the latency (Toxiproxy semantics)', async () => {
    // The server stamps when it writes each answer and the client when it reads it, in this one
    // process: what lies between is the loopback hops and the proxy's hold. A proxy that releases
    // data a fraction of a millisecond before its time reads below 5 ms in some of 300 samples.
    const written: number[] = []
    const server = net.createServer(socket => {
      socket.on('error', () => {})
      socket.on('data', () => {
        written.push(performance.now())
        socket.write('x')
      })
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    closers.push(() => new Promise(resolve => server.close(() => resolve())))
    const proxy = await proxyTo((server.address() as net.AddressInfo).port, [
      { type: 'latency', latency: 5 }
    ])
    const socket = net.connect({ port: proxy.address.port, host: '127.0.0.1', noDelay: true })
    closers.push(async () => void socket.destroy())
    await new Promise(resolve => socket.once('connect', resolve))
    const delays: number[] = []
    for (let i = 0; i < 300; i++) {
      const read = new Promise<number>(resolve =>
        socket.once('data', () => resolve(performance.now()))
      )
      socket.write('x')
      delays.push((await read) - written[i]!)
    }
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(5)
  })

  it('bandwidth caps the rate (KB/s)', async () => {
    const proxy = await proxyTo(await echoServer(), [{ type: 'bandwidth', rate: 20 }])
    const data = Buffer.alloc(10_000, 1)
    const result = await exchange(proxy.address.port, data, data.length)
    expect(result.received.length).toBe(10_000)
    // 10 000 bytes at 20 bytes/ms: about 500 ms.
    expect(result.ms).toBeGreaterThanOrEqual(400)
  })

  it('limit_data closes the connection after N bytes', async () => {
    const proxy = await proxyTo(await echoServer(), [{ type: 'limit_data', bytes: 3 }])
    const result = await exchange(proxy.address.port, hello, 5)
    expect(result.received.toString()).toBe('hel')
    expect(result.ended).not.toBe('open')
  })

  it('timeout stops data and closes after the timeout', async () => {
    const proxy = await proxyTo(await echoServer(), [{ type: 'timeout', timeout: 200 }])
    const result = await exchange(proxy.address.port, hello, 5)
    expect(result.received.length).toBe(0)
    expect(result.ended).not.toBe('open')
    expect(result.ms).toBeGreaterThanOrEqual(190)
  })

  it('reset_peer resets the connection (ECONNRESET)', async () => {
    const proxy = await proxyTo(await echoServer(), [{ type: 'reset_peer', timeout: 50 }])
    const result = await exchange(proxy.address.port, Buffer.alloc(0), 1)
    expect(result.ended).toBe('error')
    expect(result.error).toBe('ECONNRESET')
  })

  it('slicer splits data into small delayed pieces', async () => {
    const proxy = await proxyTo(await echoServer(), [
      { type: 'slicer', average_size: 100, size_variation: 0, delay: 5000 }
    ])
    const data = Buffer.alloc(1000, 2)
    const result = await exchange(proxy.address.port, data, data.length)
    expect(result.received.length).toBe(1000)
    // ten pieces 5 ms apart: the last leaves at least 45 ms after the first. A lower bound, which load
    // cannot break (how many reads the pieces arrive in depends on how busy the machine is).
    expect(result.ms).toBeGreaterThanOrEqual(44)
  })

  it('slow_close delays the close', async () => {
    const proxy = await proxyTo(await echoServer(20), [{ type: 'slow_close', delay: 300 }])
    const result = await exchange(proxy.address.port, Buffer.alloc(0), 1)
    expect(result.ended).toBe('end')
    expect(result.ms).toBeGreaterThanOrEqual(300)
  })

  it('toxicity 0 never applies; toxics apply to connections already open', async () => {
    const port = await echoServer()
    const proxy = await proxyTo(port, [{ type: 'latency', latency: 300, toxicity: 0 }])
    expect((await exchange(proxy.address.port, hello, 5)).ms).toBeLessThan(200)
    const socket = net.connect(proxy.address.port, '127.0.0.1')
    await new Promise(resolve => socket.once('connect', resolve))
    proxy.setToxics([{ type: 'latency', latency: 200 }])
    const start = performance.now()
    socket.write(hello)
    await new Promise(resolve => socket.once('data', resolve))
    expect(performance.now() - start).toBeGreaterThanOrEqual(190)
    socket.destroy()
  })

  it('down refuses connections and drops open ones; up restores the same port', async () => {
    const proxy = await proxyTo(await echoServer())
    const port = proxy.address.port
    const open = net.connect(port, '127.0.0.1')
    await new Promise(resolve => open.once('connect', resolve))
    const closed = new Promise(resolve => open.once('close', resolve))
    await proxy.down()
    await closed
    expect((await exchange(port, hello, 5)).error).toBe('ECONNREFUSED')
    await proxy.up()
    expect(proxy.address.port).toBe(port)
    expect((await exchange(port, hello, 5)).received.toString()).toBe('hello')
    await proxy.close()
    expect((await exchange(port, hello, 5)).error).toBe('ECONNREFUSED')
  })

  it('refuses two toxics with one name', async () => {
    const proxy = await proxyTo(await echoServer())
    expect(() =>
      proxy.setToxics([
        { type: 'latency', latency: 1 },
        { type: 'latency', latency: 2 }
      ])
    ).toThrow(/two toxics are named 'latency_downstream'/)
  })
})

describe('a toxic registered from outside the proxy', () => {
  let undo: () => void
  beforeAll(() => {
    undo = registerToxic(xorBytes)
  })
  afterAll(() => undo())

  it('is used by the proxy on a real connection, by its type name', async () => {
    const proxy = await proxyTo(await echoServer(), [{ type: 'xor_bytes' }])
    // 0x20 flips the case of ASCII letters: the echo comes back through the toxic
    expect((await exchange(proxy.address.port, hello, 5)).received.toString()).toBe('HELLO')
    proxy.setToxics([{ type: 'xor_bytes', mask: 1, stream: 'upstream' }])
    expect((await exchange(proxy.address.port, hello, 5)).received.toString()).toBe('idmmn')
  })

  it('gets toxicity, and both streams, from the proxy without any code of its own', async () => {
    const proxy = await proxyTo(await echoServer(), [
      { type: 'xor_bytes', stream: 'upstream' },
      { type: 'xor_bytes', stream: 'downstream' }
    ])
    expect((await exchange(proxy.address.port, hello, 5)).received.toString()).toBe('hello')
    proxy.setToxics([{ type: 'xor_bytes', toxicity: 0 }])
    expect((await exchange(proxy.address.port, hello, 5)).received.toString()).toBe('hello')
  })

  it('is gone after its undo: the proxy refuses it by name, with a did-you-mean', async () => {
    const proxy = await proxyTo(await echoServer())
    undo()
    expect(() => proxy.setToxics([{ type: 'xor_bytes' }])).toThrow(/unknown toxic 'xor_bytes'/)
    expect(() => proxy.setToxics([{ type: 'latncy' }])).toThrow(
      /unknown toxic 'latncy'. Did you mean 'latency'\?/
    )
    undo = registerToxic(xorBytes)
  })
})
