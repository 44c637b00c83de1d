/** The health checker against real HTTP servers on 127.0.0.1 (the cases issue #2 names). */
import http from 'node:http'

import { afterEach, describe, expect, it } from '@jest/globals'

import { parseHealthOptions, type RawHealthOptions } from '../../../../src/core/health/options.js'
import { waitForHealthy } from '../../../../src/core/health/wait.js'
import {
  closedPort,
  scriptedServer,
  silentServer,
  type TestServer
} from '../../../helpers/servers.js'

const servers: TestServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map(server => server.close()))
})
async function track<T extends TestServer>(server: Promise<T>): Promise<T> {
  servers.push(await server)
  return servers[servers.length - 1] as T
}

const fast = (raw: RawHealthOptions): RawHealthOptions => ({
  intervalSeconds: '0.02',
  maxIntervalSeconds: '0.1',
  requestTimeoutSeconds: '1',
  timeoutSeconds: '5',
  ...raw
})
const check = (raw: RawHealthOptions) => waitForHealthy(parseHealthOptions(fast(raw)))

describe('waiting for a real service', () => {
  it('becomes healthy once a service that starts late begins to listen', async () => {
    const port = await closedPort()
    const late = new Promise<TestServer>(resolve =>
      setTimeout(() => resolve(track(scriptedServer([{ status: 200 }], port))), 300)
    )
    const report = await check({ url: `http://127.0.0.1:${port}/health` })
    await late
    expect(report.healthy).toBe(true)
    expect(report.elapsedMs).toBeGreaterThanOrEqual(250)
    expect(report.attempts).toBeGreaterThan(3)
    expect(report.endpoints[0]).toMatchObject({
      healthy: true,
      lastStatus: 200,
      consecutiveSuccesses: 3
    })
  })

  it('waits through 503s until 200s come three times in a row', async () => {
    const server = await track(scriptedServer([{ status: 503 }, { status: 503 }, { status: 200 }]))
    const report = await check({ url: `${server.url}/health` })
    expect(report).toMatchObject({ healthy: true, attempts: 5 })
    expect(server.hits()).toBe(5)
  })

  it('never accepts a flapping service (200, 500, 200, …) that cannot string three successes together', async () => {
    const server = await track(scriptedServer(hit => ({ status: hit % 2 === 0 ? 200 : 500 })))
    const report = await check({ url: server.url, timeoutSeconds: '1' })
    expect(report.healthy).toBe(false)
    expect(server.hits()).toBeGreaterThan(5)
    expect(report.endpoints[0]!.consecutiveSuccesses).toBeLessThanOrEqual(1)
  })

  it('rejects a 200 whose JSON body says it is not healthy', async () => {
    const server = await track(
      scriptedServer([{ status: 200, body: { status: 'degraded', healthy: false } }])
    )
    const report = await check({
      url: server.url,
      timeoutSeconds: '0.3',
      body: '[{"healthy": true}, {"status": "healthy"}]'
    })
    expect(report.healthy).toBe(false)
    expect(report.endpoints[0]).toMatchObject({ lastKind: 'body', lastStatus: 200 })
    expect(report.endpoints[0]!.lastError).toMatch(/"degraded".*does not match/)
  })

  it('accepts the body condition once the service reports healthy', async () => {
    const server = await track(
      scriptedServer([
        { status: 200, body: { ready: false } },
        { status: 200, body: { ready: true, version: 3 } }
      ])
    )
    const report = await check({ url: server.url, body: '{"ready": true}' })
    expect(report).toMatchObject({ healthy: true, attempts: 4 })
  })

  it('reports connection refused when nothing listens', async () => {
    const port = await closedPort()
    const report = await check({ url: `http://127.0.0.1:${port}/`, timeoutSeconds: '0.3' })
    expect(report.healthy).toBe(false)
    expect(report.endpoints[0]).toMatchObject({
      lastKind: 'refused',
      lastError: 'connection refused',
      lastStatus: null
    })
  })

  it('ends a probe of a server that accepts and never answers at the request timeout', async () => {
    const server = await track(silentServer())
    const started = Date.now()
    const report = await check({
      url: server.url,
      requestTimeoutSeconds: '0.3',
      timeoutSeconds: '0.5'
    })
    const elapsed = Date.now() - started
    expect(report.healthy).toBe(false)
    expect(report.endpoints[0]).toMatchObject({
      lastKind: 'timeout',
      lastError: 'no response within 300 ms'
    })
    expect(report.endpoints[0]!.probes).toBeGreaterThanOrEqual(2)
    // bounded by timeout + one request timeout, with slack for a loaded machine
    expect(elapsed).toBeLessThan(5000)
  })

  it('stays unhealthy when one of several endpoints stays down, and names it', async () => {
    const up = await track(scriptedServer([{ status: 200 }]))
    const down = await track(scriptedServer([{ status: 503, body: { ready: false } }]))
    const report = await check({ url: `${up.url}/live\n${down.url}/ready`, timeoutSeconds: '0.5' })
    expect(report.healthy).toBe(false)
    const [live, ready] = report.endpoints
    expect(live).toMatchObject({ healthy: true, probes: 3 })
    expect(ready).toMatchObject({
      healthy: false,
      lastStatus: 503,
      lastError: 'HTTP 503 (expected 200-299)'
    })
    // a healthy endpoint is not probed again while the others catch up
    expect(up.hits()).toBe(3)
    expect(down.hits()).toBeGreaterThan(3)
  })

  it('reads no more than 64 KiB of a huge body', async () => {
    const big = http.createServer((_req, res) => {
      res.writeHead(200)
      res.end('x'.repeat(1024 * 1024))
    })
    await new Promise<void>(resolve => big.listen(0, '127.0.0.1', resolve))
    const { port } = big.address() as { port: number }
    try {
      const report = await check({
        url: `http://127.0.0.1:${port}/`,
        requiredSuccesses: '1',
        body: '{"a": 1}',
        timeoutSeconds: '0'
      })
      expect(report.endpoints[0]!.lastError).toMatch(/not JSON/)
    } finally {
      await new Promise(resolve => big.close(resolve))
    }
  })
})
