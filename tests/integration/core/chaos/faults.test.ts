/**
 * The engine against real local services on 127.0.0.1: each fault's effect is measured by the
 * open-loop traffic that runs through the fault proxy.
 */
import http from 'node:http'

import { describe, expect, it } from '@jest/globals'

import { HttpFaultProxy } from '../../../../src/core/proxy/http-proxy.js'
import { registerToxic } from '../../../../src/core/proxy/toxics/index.js'
import { type LoadDriverFactory, openLoopDriver } from '../../../../src/core/traffic/driver.js'
import { decodeHistogram, percentileUs } from '../../../../src/core/traffic/latency.js'
import { xorBytes } from '../../../helpers/xor-toxic.js'
import { okServer, runYaml, scenarioYaml } from './helpers.js'

/** A service that answers every request 30 ms late, so a few are always in flight. */
async function slowServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => setTimeout(() => res.end('{"ok":true}'), 30))
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

describe('network_delay', () => {
  it('raises the measured p50 by the injected delay, and recovers', async () => {
    const server = await okServer()
    const [result] = await runYaml(scenarioYaml('network_delay', 2, { delay_ms: 100 }), {
      target: server.url
    })
    expect([result!.status, result!.reason]).toEqual(['passed', null])
    const rise = result!.phases.inject!.p50 - result!.phases.baseline!.p50
    expect(rise).toBeGreaterThan(90)
    expect(rise).toBeLessThan(130)
    expect(result!.recovery!.recovered).toBe(true)
    expect(result!.efficacy!.landed).toBe(true)
  })

  it('keeps the baseline clean: no request answered under the latency toxic counts in it', async () => {
    // at 100 requests/s and 30 ms each, about three are in flight when the toxic is set
    const server = await slowServer()
    try {
      const [result] = await runYaml(scenarioYaml('network_delay', 1, { delay_ms: 300 }), {
        target: server.url,
        rate: 100
      })
      expect([result!.status, result!.reason]).toEqual(['passed', null])
      const baseline = result!.phases.baseline!
      expect(baseline.requests).toBeGreaterThan(80)
      expect(baseline.max).toBeLessThan(300)
      expect(baseline.p99).toBeLessThanOrEqual(baseline.max)
      expect(result!.phases.inject!.p50).toBeGreaterThan(300)
    } finally {
      await server.close()
    }
  })
})

describe('the load driver', () => {
  it('drives the scenario through the LoadDriver it is handed, not one made inline', async () => {
    const server = await okServer()
    const made: Array<{ rate: number; names: () => string[] }> = []
    const counting: LoadDriverFactory = (options, clock) => {
      const driver = openLoopDriver(options, clock)
      made.push({ rate: options.rate, names: () => driver.phases.map(phase => phase.name) })
      return driver
    }
    const [result] = await runYaml(scenarioYaml('network_delay', 0.5, { delay_ms: 50 }), {
      target: server.url,
      rate: 40,
      load: counting
    })
    expect(result!.status).toBe('passed')
    expect(made).toHaveLength(1)
    expect(made[0]!.rate).toBe(40)
    expect(made[0]!.names()).toEqual(['warmup', 'baseline', 'guard', 'inject', 'recovery'])
  })
})

describe('http_fault', () => {
  it('fails about 20% of requests with 503 at error_rate_percent 20', async () => {
    const server = await okServer()
    const yaml = scenarioYaml('http_fault', 2, {
      status: 503,
      error_rate_percent: 20,
      retry_after_seconds: 1
    })
    const first = (await runYaml(yaml, { target: server.url, seed: 7 }))[0]!
    const inject = first.phases.inject!
    expect([first.status, first.reason]).toEqual(['passed', null])
    expect(inject.errors.http_5xx).toBe(inject.requests - inject.ok)
    expect(inject.error_rate_percent).toBeGreaterThan(12)
    expect(inject.error_rate_percent).toBeLessThan(28)
  })

  // The same requests for the same seed, checked on the proxy with sequential requests: three
  // scenario runs at 100 requests/s in one jest worker were at the mercy of a busy machine.
  it('hits the same requests for the same seed, and others for another', async () => {
    const server = await okServer()
    const proxy = new HttpFaultProxy({
      listen: { host: '127.0.0.1', port: 0 },
      upstream: { host: '127.0.0.1', port: server.port }
    })
    const { port } = await proxy.start()
    try {
      const hitsFor = async (seed: number): Promise<number[]> => {
        proxy.setFault({ rate: 0.2, abort: { status: 503 } }, seed)
        const statuses: number[] = []
        for (let i = 0; i < 100; i++)
          statuses.push((await fetch(`http://127.0.0.1:${port}/`)).status)
        const hits = proxy.journal.hit_list.map(hit => hit.index)
        // what the client saw is what the journal says was hit
        expect(statuses.flatMap((status, i) => (status === 503 ? [i] : []))).toEqual(hits)
        return hits
      }
      const first = await hitsFor(7)
      expect(first.length).toBeGreaterThan(5)
      expect(await hitsFor(7)).toEqual(first)
      expect(await hitsFor(8)).not.toEqual(first)
    } finally {
      await proxy.close()
    }
  })

  it('fails exactly the first 5 requests with fail_first 5', async () => {
    const server = await okServer()
    // Every phase of the traffic, the warm-up and the guard gap included: requests sent in the gap
    // before the fault (counted in no measured phase) can reach the proxy just after it, and on a
    // busy machine more than one does, so the five are counted wherever the client saw them.
    let driver: ReturnType<LoadDriverFactory> | undefined
    const load: LoadDriverFactory = (options, clock) => (driver = openLoopDriver(options, clock))
    const [result] = await runYaml(scenarioYaml('http_fault', 1, { fail_first: 5, status: 500 }), {
      target: server.url,
      load
    })
    const all = driver!.phases
    expect(all.reduce((sum, phase) => sum + phase.errors.http_5xx, 0)).toBe(5)
    expect(all.reduce((sum, phase) => sum + phase.histogram.totalCount - phase.ok, 0)).toBe(5)
    // the measured phases hold some of them, and nothing but the proxy's 500s failed there
    const phases = Object.values(result!.phases)
    const failed = phases.reduce((sum, phase) => sum + phase.requests - phase.ok, 0)
    expect(failed).toBeLessThanOrEqual(5)
    expect(phases.reduce((sum, phase) => sum + phase.errors.http_5xx, 0)).toBe(failed)
    expect(result!.journal.http!.hit_list.map(hit => hit.index)).toEqual([0, 1, 2, 3, 4])
    expect([result!.status, result!.reason]).toEqual(['passed', null])
  })

  it('fails only within the first fail_for_seconds of the fault', async () => {
    const server = await okServer()
    const [result] = await runYaml(
      scenarioYaml('http_fault', 1.5, { fail_for_seconds: 0.5, status: 502 }),
      { target: server.url }
    )
    const hits = result!.journal.http!.hit_list
    expect(hits.length).toBeGreaterThan(30)
    expect(Math.max(...hits.map(hit => hit.at_ms))).toBeLessThan(500)
    expect(result!.journal.http!.requests).toBeGreaterThan(hits.length * 2)
    expect([result!.status, result!.reason]).toEqual(['passed', null])
  })

  it('delays a share of requests by delay_ms', async () => {
    const server = await okServer()
    const [result] = await runYaml(
      scenarioYaml('http_fault', 1, { delay_ms: 100, error_rate_percent: 50 }),
      { target: server.url }
    )
    const inject = result!.phases.inject!
    expect(inject.errors).toMatchObject({ http_5xx: 0, http_4xx: 0 })
    // About half the requests were picked, and every one picked took at least delay_ms: so the
    // percentile just below the picked share is at least 100 ms. (Load only makes requests slower,
    // so this holds on a busy machine; a mean comparison with the baseline did not.) The proxy's
    // count includes a few requests of the phases around the fault: 8 points of margin.
    const { hits } = result!.journal.http!
    const share = hits / inject.requests
    expect(share).toBeGreaterThan(0.3)
    expect(share).toBeLessThan(0.7)
    const histogram = decodeHistogram(inject.hdr)
    const below = 100 * (1 - share) + 8
    expect(percentileUs(histogram, below) / 1000).toBeGreaterThanOrEqual(99)
    expect(result!.efficacy!.landed).toBe(true)
  })

  it('is invalid when the fault cannot be seen: the path filter matches no request', async () => {
    const server = await okServer()
    const [result] = await runYaml(
      scenarioYaml('http_fault', 1, { error_rate_percent: 50, path: '/never/*' }),
      { target: server.url }
    )
    expect(result!.status).toBe('invalid')
    expect(result!.reason).toMatch(/did not visibly land/)
  })
})

describe('tcp_fault', () => {
  it('counts reset_peer as reset errors', async () => {
    const server = await okServer()
    const [result] = await runYaml(scenarioYaml('tcp_fault', 1, { toxic: 'reset_peer' }), {
      target: server.url,
      rate: 50
    })
    const inject = result!.phases.inject!
    expect(inject.errors.reset).toBeGreaterThan(inject.requests * 0.8)
    expect(inject.errors.reset).toBe(inject.requests - inject.ok)
    expect(result!.recovery!.recovered).toBe(true)
  })

  it('runs a toxic registered from outside, by name, with its own parameter and efficacy', async () => {
    const undo = registerToxic(xorBytes)
    try {
      const server = await okServer()
      const [result] = await runYaml(
        scenarioYaml('tcp_fault', 1, { toxic: 'xor_bytes', xor_mask: 32, stream: 'upstream' }),
        { target: server.url, rate: 50 }
      )
      expect(result!.fault).toBe('xor_bytes toxic (mask=32) on upstream of the target (proxy)')
      expect(result!.details).toMatchObject({ toxic: 'xor_bytes', mask: 32 })
      // every request arrives garbled ('get\0/\0http…'): the service cannot answer one of them
      const inject = result!.phases.inject!
      // at most one request on the phase's edge (due as the fault began, sent before the toxic
      // was in place, as a busy clean-clone CI run saw once) answers
      expect(inject.requests).toBeGreaterThan(20)
      expect(inject.ok).toBeLessThanOrEqual(1)
      expect(result!.phases.baseline!.ok).toBe(result!.phases.baseline!.requests)
      expect(result!.efficacy).toMatchObject({ landed: true, detail: /^errors expected/ })
      expect(result!.recovery!.recovered).toBe(true)
    } finally {
      undo()
    }
  })
})
