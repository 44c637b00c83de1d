/**
 * The open-loop generator against real local servers: latency counts from each request's intended
 * start, so a stall shows as latency (not as fewer samples), and errors are counted by class.
 */
import http from 'node:http'
import type net from 'node:net'

import { afterEach, describe, expect, it } from '@jest/globals'

import { realClock } from '../../../../src/core/clock.js'
import { TrafficGenerator } from '../../../../src/core/traffic/generator.js'
import { summarize } from '../../../../src/core/traffic/latency.js'
import {
  closedPort,
  scriptedServer,
  silentServer,
  type TestServer
} from '../../../helpers/servers.js'

const servers: TestServer[] = []
afterEach(async () => {
  while (servers.length) await servers.pop()!.close()
})

/** A server that holds every response from `fromMs` to `toMs` after it starts (a GC pause). */
async function stallingServer(fromMs: number, toMs: number): Promise<TestServer> {
  const start = performance.now()
  const sockets = new Set<net.Socket>()
  let count = 0
  const server = http.createServer((req, res) => {
    count++
    const t = performance.now() - start
    const answer = (): void => void res.end('ok')
    if (t >= fromMs && t < toMs) setTimeout(answer, toMs - t)
    else answer()
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  const result: TestServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    hits: () => count,
    close: () =>
      new Promise(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
  servers.push(result)
  return result
}

async function drive(
  url: string,
  rate: number,
  ms: number,
  timeoutMs = 2000
): Promise<TrafficGenerator> {
  const traffic = new TrafficGenerator(
    { url: new URL(url), requests: [{ method: 'GET', path: '/' }], rate, timeoutMs, sliceMs: 100 },
    realClock
  )
  traffic.phase('run')
  await new Promise(resolve => setTimeout(resolve, ms))
  await traffic.stop()
  return traffic
}

describe('TrafficGenerator', () => {
  it('keeps the rate through a 1 s stall and records the stall as latency from the intended start', async () => {
    const server = await stallingServer(500, 1500)
    const traffic = await drive(server.url, 100, 2000)
    const phase = traffic.phases[0]!
    const latency = summarize(phase.histogram)
    // Open loop: about 200 requests were due and all are counted, the stalled ones as slow.
    expect(latency.count).toBeGreaterThanOrEqual(190)
    expect(latency.count).toBeLessThanOrEqual(202)
    // Half the requests fell in the stall, waiting 0–1000 ms: p90 ≈ 800 ms, max ≈ 1000 ms.
    expect(latency.p90).toBeGreaterThan(600)
    expect(latency.max).toBeGreaterThan(900)
    expect(latency.p50).toBeLessThan(150)
    // Slices by intended start: the ones in the stall are slow, the first ones fast.
    const slow = phase.slices.filter(slice => summarize(slice.histogram).p50 > 100).length
    expect(slow).toBeGreaterThanOrEqual(8)
    expect(summarize(phase.slices[0]!.histogram).p99).toBeLessThan(100)
  })

  it('counts refused connections, timeouts and HTTP classes apart', async () => {
    const refused = await drive(`http://127.0.0.1:${await closedPort()}`, 50, 300)
    expect(refused.phases[0]!.errors.refused).toBeGreaterThan(10)
    expect(refused.phases[0]!.ok).toBe(0)

    const silent = await silentServer()
    servers.push(silent)
    const timeouts = await drive(silent.url, 20, 300, 200)
    expect(timeouts.phases[0]!.errors.timeout).toBeGreaterThanOrEqual(5)
    expect(timeouts.phases[0]!.ok).toBe(0)

    const statuses = await scriptedServer(hit => ({ status: hit % 2 ? 503 : 404 }))
    servers.push(statuses)
    const http = await drive(statuses.url, 50, 400)
    const errors = http.phases[0]!.errors
    expect(errors.http_5xx).toBeGreaterThan(5)
    expect(errors.http_4xx).toBeGreaterThan(5)
    expect(Math.abs(errors.http_5xx - errors.http_4xx)).toBeLessThanOrEqual(1)
  })

  it('attributes requests to the phase in which they were due', async () => {
    const server = await scriptedServer(() => ({ status: 200 }))
    servers.push(server)
    const traffic = new TrafficGenerator(
      {
        url: new URL(server.url),
        requests: [{ method: 'GET', path: '/' }],
        rate: 100,
        timeoutMs: 1000,
        sliceMs: 100
      },
      realClock
    )
    traffic.phase('a')
    await new Promise(resolve => setTimeout(resolve, 300))
    traffic.phase('b')
    await new Promise(resolve => setTimeout(resolve, 500))
    await traffic.stop()
    const [a, b] = traffic.phases.map(phase => phase.histogram.totalCount)
    expect(a).toBeGreaterThanOrEqual(28)
    expect(a).toBeLessThanOrEqual(32)
    expect(b).toBeGreaterThanOrEqual(48)
    expect(b).toBeLessThanOrEqual(52)
    expect(server.hits()).toBe(a! + b!)
  })
})
