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

interface DelayServer extends TestServer {
  /** Connections open now. */
  open(): number
}

/** A server that answers each request after `delayMs(t)`, t being ms since it started. */
async function delayServer(delayMs: (t: number) => number): Promise<DelayServer> {
  const start = performance.now()
  const sockets = new Set<net.Socket>()
  let count = 0
  const server = http.createServer((req, res) => {
    count++
    const delay = delayMs(performance.now() - start)
    if (delay > 0) setTimeout(() => void res.end('ok'), delay)
    else res.end('ok')
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  const result: DelayServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    hits: () => count,
    open: () => sockets.size,
    close: () =>
      new Promise(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
  servers.push(result)
  return result
}

/** A server that holds every response from `fromMs` to `toMs` after it starts (a GC pause). */
function stallingServer(fromMs: number, toMs: number): Promise<DelayServer> {
  return delayServer(t => (t >= fromMs && t < toMs ? toMs - t : 0))
}

const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

/** A generator of GET / at `rate`, in 100 ms slices. */
function generator(
  url: string,
  rate: number,
  timeoutMs: number,
  more: { maxInFlight?: number; rampMs?: number } = {}
): TrafficGenerator {
  return new TrafficGenerator(
    {
      url: new URL(url),
      requests: [{ method: 'GET', path: '/' }],
      rate,
      timeoutMs,
      sliceMs: 100,
      ...more
    },
    realClock
  )
}

async function drive(
  url: string,
  rate: number,
  ms: number,
  timeoutMs = 2000,
  more: { maxInFlight?: number; rampMs?: number } = {}
): Promise<TrafficGenerator> {
  const traffic = generator(url, rate, timeoutMs, more)
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
    const traffic = generator(server.url, 100, 1000)
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

  it('gives up on a request still queued past its deadline instead of sending it late', async () => {
    // One connection to a server that never answers, a request due every 20 ms, a 200 ms deadline
    // counted from when each was due: the connection frees up only when its request times out, far
    // slower than requests fall due, so the queue grows. The ones still queued at their deadline
    // are timeouts and are never sent; sent late, they would leave ever later.
    const silent = await silentServer()
    servers.push(silent)
    const traffic = await drive(silent.url, 50, 1500, 200, { maxInFlight: 1 })
    const phase = traffic.phases[0]!
    expect(phase.histogram.totalCount).toBeGreaterThanOrEqual(73)
    expect(phase.errors.timeout).toBe(phase.histogram.totalCount)
    // Nothing left the generator after its deadline, and none waited past it plus one sweep.
    expect(summarize(phase.lag).count).toBeGreaterThanOrEqual(5)
    expect(summarize(phase.lag).max).toBeLessThanOrEqual(200)
    expect(summarize(phase.histogram).max).toBeLessThan(200 + 80)
  })

  it('closes the connections a stall opened once they have been idle a second', async () => {
    // Answers take 200 ms for the first 400 ms, so about 40 connections open; then answers are
    // immediate and one or two connections carry the rate.
    const server = await delayServer(t => (t < 400 ? 200 : 0))
    const traffic = generator(server.url, 100, 2000)
    traffic.phase('run')
    await sleep(500)
    const peak = server.open()
    await sleep(1800)
    const after = server.open()
    await traffic.stop()
    expect(peak).toBeGreaterThanOrEqual(15)
    expect(after).toBeLessThanOrEqual(5)
  })

  it('ramps the rate up from zero over rampMs', async () => {
    const server = await delayServer(() => 0)
    const traffic = generator(server.url, 200, 1000, { rampMs: 500 })
    const ramp = traffic.phase('ramp')
    await sleep(500)
    const full = traffic.phase('full')
    await sleep(500)
    await traffic.stop()
    // The ramp's area is half the full rate's: about 50 requests, then about 100.
    expect(ramp.histogram.totalCount).toBeGreaterThanOrEqual(44)
    expect(ramp.histogram.totalCount).toBeLessThanOrEqual(58)
    expect(full.histogram.totalCount).toBeGreaterThanOrEqual(94)
    expect(full.histogram.totalCount).toBeLessThanOrEqual(106)
    // Within the ramp, the first 100 ms carry far fewer requests than the last 100 ms.
    expect(ramp.slices[0]!.scheduled).toBeLessThan(ramp.slices[4]!.scheduled / 3)
  })
})
