/**
 * dependency_down: a real HTTP service reaches a real TCP dependency through the proxy; the fault
 * takes the dependency away, and the service's recovery after the fault is measured.
 */

import { afterEach, describe, expect, it } from '@jest/globals'

import { tryConnect } from '../../../../src/core/proxy/listen.js'
import {
  closedPort,
  dependentService,
  pongServer,
  type TestServer
} from '../../../helpers/servers.js'
import { FAST, runYaml, scenarioYaml } from './helpers.js'

const servers: TestServer[] = []
afterEach(async () => {
  while (servers.length) await servers.pop()!.close()
})

/** A dependency, a free port for its proxy, and a service that uses the dependency through it. */
async function stack(breakerMs: number): Promise<{
  service: Awaited<ReturnType<typeof dependentService>>
  listen: number
  dependency: TestServer
}> {
  const dependency = await pongServer()
  const listen = await closedPort()
  const service = await dependentService(listen, breakerMs)
  servers.push(service, dependency)
  return { service, listen, dependency }
}

/** One dependency_down scenario of 1 s: the proxy on `listen` forwards to the dependency. */
function downFor1s(listen: number, dependency: number): string {
  return scenarioYaml('dependency_down', 1, {
    listen: `127.0.0.1:${listen}`,
    upstream: `127.0.0.1:${dependency}`
  })
}

describe('dependency_down', () => {
  it('takes the dependency away during the fault only, and the service recovers at once', async () => {
    const { service, listen, dependency } = await stack(0)
    const [result] = await runYaml(downFor1s(listen, dependency.port), {
      target: service.url,
      rate: 50
    })
    expect([result!.status, result!.reason]).toEqual(['passed', null])
    // None: the baseline closes before the fault, once every request due in it was answered.
    const baseline = result!.phases.baseline!
    expect(baseline.requests - baseline.ok).toBe(0)
    expect(result!.phases.inject!.errors.http_5xx).toBeGreaterThan(
      result!.phases.inject!.requests * 0.8
    )
    expect(result!.efficacy).toEqual({
      landed: true,
      detail: expect.stringContaining('ECONNREFUSED')
    })
    // down for the fault's 1 s, and well at once after the rollback
    expect(result!.recovery!.time_ms).toBeGreaterThanOrEqual(800)
    expect(result!.recovery!.time_ms).toBeLessThanOrEqual(1400)
    expect(result!.recovery!.after_rollback_ms).toBeLessThan(500)
    expect(await tryConnect({ host: '127.0.0.1', port: listen })).toBe('ECONNREFUSED')
  })

  it('measures a recovery of about 2 s for a service whose breaker stays open 2 s after the fault', async () => {
    const { service, listen, dependency } = await stack(2000)
    const [result] = await runYaml(downFor1s(listen, dependency.port), {
      target: service.url,
      rate: 50
    })
    expect([result!.status, result!.reason]).toEqual(['passed', null])
    expect(result!.recovery!.recovered).toBe(true)
    // At least 2 s after the rollback (the breaker's hold), at least 3 s after the service first
    // failed; and within a slice or two of the outage the service itself answered, which a busy
    // machine stretches (its breaker reads the dependency late), so that is the upper bound.
    expect(result!.recovery!.after_rollback_ms).toBeGreaterThanOrEqual(1800)
    expect(result!.recovery!.time_ms).toBeGreaterThanOrEqual(2800)
    const own = service.outageMs()!
    expect(own).toBeGreaterThanOrEqual(2800)
    expect(Math.abs(result!.recovery!.time_ms! - own)).toBeLessThanOrEqual(2 * FAST.sliceMs)
  })

  it('fails the scenario when the service does not recover within max_recovery_time', async () => {
    const { service, listen, dependency } = await stack(5000)
    const [result] = await runYaml(downFor1s(listen, dependency.port), {
      target: service.url,
      rate: 50,
      timing: { maxRecoveryMs: 1500 }
    })
    expect(result!.status).toBe('failed')
    expect(result!.reason).toMatch(/not recovered/)
    expect(result!.recovery!.recovered).toBe(false)
  })
})
