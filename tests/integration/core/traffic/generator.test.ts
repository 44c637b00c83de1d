/**
 * The open-loop generator against real local servers: latency counts from each request's intended
 * start, so a stall shows as latency (not as fewer samples), and errors are counted by class.
 */
import type http from 'node:http'

import { afterEach, describe, expect, it } from '@jest/globals'

import { realClock } from '../../../../src/core/clock.js'
import { TrafficGenerator } from '../../../../src/core/traffic/generator.js'
import { summarize } from '../../../../src/core/traffic/latency.js'
import {
  closedPort,
  type CountingServer,
  countingServer,
  scriptedServer,
  silentServer,
  type TestServer
} from '../../../helpers/servers.js'

const servers: TestServer[] = []
afterEach(async () => {
  while (servers.length) await servers.pop()!.close()
})

/** A server that answers each request after `delayMs(t)`, t being ms since it started. */
async function delayServer(delayMs: (t: number) => number): Promise<CountingServer> {
  const start = performance.now()
  let count = 0
  const server = await countingServer(
    (_req, res) => {
      count++
      const delay = delayMs(performance.now() - start)
      if (delay > 0) setTimeout(() => void res.end('ok'), delay)
      else res.end('ok')
    },
    () => count
  )
  servers.push(server)
  return server
}

/**
 * A server with a fixed capacity: it answers at most `perTick` requests every 10 ms, oldest first, so
 * past that rate answers queue inside it as they would in a saturated service.
 */
async function limitedServer(perTick: number): Promise<CountingServer & { answered(): number }> {
  const held: http.ServerResponse[] = []
  let answered = 0
  const timer = setInterval(() => {
    for (const res of held.splice(0, perTick)) {
      answered++
      res.end('ok')
    }
  }, 10)
  const server = await countingServer(
    (_req, res) => void held.push(res),
    () => answered + held.length,
    () => clearInterval(timer)
  )
  const result = { ...server, answered: () => answered }
  servers.push(result)
  return result
}

/** A server that holds every response from `fromMs` to `toMs` after it starts (a GC pause). */
function stallingServer(fromMs: number, toMs: number): Promise<CountingServer> {
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
    const started = performance.now()
    const traffic = await drive(server.url, 100, 2000)
    const ranMs = performance.now() - started
    const phase = traffic.phases[0]!
    const latency = summarize(phase.histogram)
    // Open loop: about 200 requests were due and all are counted, the stalled ones as slow. On a
    // busy machine the 2 s timer fires late and a few more fall due: never more than the time ran.
    expect(latency.count).toBeGreaterThanOrEqual(190)
    expect(latency.count).toBeLessThanOrEqual(Math.ceil((100 * ranMs) / 1000) + 2)
    // Half the requests fell in the stall, waiting 0–1000 ms: p90 ≈ 800 ms, max ≈ 1000 ms.
    expect(latency.p90).toBeGreaterThan(600)
    expect(latency.max).toBeGreaterThan(900)
    expect(latency.p50).toBeLessThan(150)
    // Slices by intended start: the ones in the stall are slow, the first ones fast.
    const slow = phase.slices.filter(slice => summarize(slice.histogram).p50 > 100).length
    expect(slow).toBeGreaterThanOrEqual(8)
    // the first slice, before the stall, is fast: well under the stalled slices' median (on a CPU
    // starved by other work every request is a little slower, the stall still stands out)
    const stalled = phase.slices
      .map(slice => summarize(slice.histogram).p50)
      .filter(p50 => p50 > 100)
      .sort((a, b) => a - b)
    expect(summarize(phase.slices[0]!.histogram).p99).toBeLessThan(
      stalled[Math.floor(stalled.length / 2)]! / 2
    )
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

  it('counts requests due while the in-flight cap is full as unsent, apart from the service errors', async () => {
    // One connection to a server that never answers, a request due every 20 ms, a 200 ms deadline:
    // the one slot frees only when its request times out, so the requests due meanwhile cannot be
    // sent. They are counted in unsent, never in requests or errors, and the phase says the service
    // is the side that fell behind.
    const silent = await silentServer()
    servers.push(silent)
    const traffic = await drive(silent.url, 50, 1500, 200, { maxInFlight: 1 })
    const phase = traffic.phases[0]!
    const summary = phase.summary(performance.now())
    expect(summary.requests).toBeGreaterThanOrEqual(3)
    expect(summary.errors.timeout).toBe(summary.requests)
    expect(summary.unsent).toBeGreaterThanOrEqual(50)
    expect(summary.requests + summary.unsent).toBeGreaterThanOrEqual(73)
    expect(summary.behind).toBe('service')
    expect(summary.latency_ms.max).toBeLessThan(200 + 80)
  })

  it('keeps the service busy at twice its capacity, without a backlog or a connection storm', async () => {
    // A service answering 1000 requests/s, offered 2000/s with at most 100 in flight and a 1 s
    // deadline. The requests it gets must be ones it can answer in time: nearly every answer it gives
    // is a success, the rest of the rate is unsent (the generator's cap, apart from the service's
    // errors), and the connections stay within the cap instead of one per timeout. A FIFO backlog
    // would hand it requests already near their deadline, which time out in flight.
    const server = await limitedServer(10)
    const traffic = generator(server.url, 2000, 1000, { rampMs: 200, maxInFlight: 100 })
    traffic.phase('run')
    await sleep(3000)
    await traffic.stop()
    const summary = traffic.phases[0]!.summary(performance.now())
    expect(server.answered()).toBeGreaterThan(500)
    expect(summary.ok).toBeGreaterThanOrEqual(0.9 * server.answered())
    expect(summary.errors.timeout).toBeLessThan(0.1 * summary.ok)
    expect(summary.unsent).toBeGreaterThan(0.2 * (summary.requests + summary.unsent))
    expect(['service', 'both']).toContain(summary.behind)
    // no connection storm: a connection per timed-out request opened thousands here (5,031 timeouts);
    // a busy machine may replace a few of the 100 kept ones, never more than the cap again
    expect(server.accepted()).toBeLessThanOrEqual(2 * 100)
    // the service was offered the unsent requests and did not take them: its availability counts
    // them, so a service at twice its capacity does not read as available
    expect(summary.held_up).toBeGreaterThan(0.2 * (summary.requests + summary.unsent))
    const offered = summary.requests + summary.held_up
    expect(summary.availability_percent).toBeCloseTo((100 * summary.ok) / offered, 1)
    expect(summary.availability_percent).toBeLessThan(80)
  })

  it('serves a backlog newest first with the default cap, so its stale end expires unsent, not in flight', async () => {
    // The same service with the default cap (1024): the connections grow only as fast as new ones
    // get their first answer, so a backlog builds before the cap is reached. Sent oldest first, its
    // requests would leave near their deadline and time out in flight; sent newest first, the
    // service answers them in time and the stale end expires unsent.
    const server = await limitedServer(10)
    const traffic = generator(server.url, 2000, 1000, { rampMs: 200 })
    traffic.phase('run')
    await sleep(3000)
    await traffic.stop()
    const summary = traffic.phases[0]!.summary(performance.now())
    expect(server.answered()).toBeGreaterThan(500)
    expect(summary.ok).toBeGreaterThanOrEqual(0.9 * server.answered())
    expect(summary.errors.timeout).toBeLessThan(0.1 * summary.ok)
    expect(['service', 'both']).toContain(summary.behind)
    expect(server.accepted()).toBeLessThanOrEqual(1024)
  })

  it('keeps a connection whose request timed out, to read its late answer, instead of opening another', async () => {
    // Every answer takes 300 ms against a 200 ms deadline: all requests time out (the service's
    // errors), and each connection is used again once the late answer has come. Closing it at each
    // timeout would open one connection per request.
    const server = await delayServer(() => 300)
    const traffic = await drive(server.url, 100, 1500, 200)
    const summary = traffic.phases[0]!.summary(performance.now())
    expect(summary.requests).toBeGreaterThanOrEqual(140)
    expect(summary.errors.timeout).toBe(summary.requests)
    expect(summary.unsent).toBe(0)
    expect(server.accepted()).toBeLessThan(summary.requests / 2)
  })

  it("does not count a wait for new connections during a stall as the generator's send lag", async () => {
    // 200 requests/s into a 1 s stall: the open connections hang, and new ones wait behind the
    // limit on connections still on their first request. That wait is the service's latency
    // (counted from the due time), not the generator falling behind its schedule.
    const server = await stallingServer(300, 1300)
    const traffic = await drive(server.url, 200, 1800)
    const summary = traffic.phases[0]!.summary(performance.now())
    expect(summary.latency_ms.max).toBeGreaterThan(800)
    expect(summary.send_lag_ms.p99).toBeLessThan(100)
    expect(summary.behind).toBeNull()
    expect(summary.unsent).toBe(0)
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
