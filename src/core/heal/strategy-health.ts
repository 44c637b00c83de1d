/**
 * wait-for-health: wait for health-url, then dial the address the failure names. A health URL that
 * answers while that address still refuses means the step dials the wrong address, which no retry
 * fixes: the failure is configuration.
 */
import { waitForHealthy } from '../health/wait.js'
import { tryConnect } from '../proxy/listen.js'
import { failingAddress, formatAddress } from './failure-line.js'
import type { StrategyContext, StrategyOutcome } from './strategy-types.js'

/** Waits until health-url is healthy (or its timeout); skipped without a health-url. */
export async function waitForHealth(context: StrategyContext): Promise<StrategyOutcome> {
  if (!context.health)
    return { outcome: 'skipped', detail: 'no health-url: backing off instead', waited: false }
  const report = await waitForHealthy(context.health, {
    clock: context.clock,
    ...(context.signal ? { signal: context.signal } : {})
  })
  const seconds = (report.elapsedMs / 1000).toFixed(1)
  return report.healthy
    ? { outcome: 'done', detail: `healthy after ${seconds} s`, waited: true }
    : { outcome: 'failed', detail: `still not healthy after ${seconds} s`, waited: true }
}

/** The health wait, then one TCP connection to the refused address (when the line names one). */
export async function waitForHealthThenDial(context: StrategyContext): Promise<StrategyOutcome> {
  const health = await waitForHealth(context)
  const address = failingAddress(context.failureLine ?? null)
  if (health.outcome !== 'done' || !address || context.signal?.aborted) return health
  const dialled = await (context.connect ?? tryConnect)(address)
  if (dialled !== 'ECONNREFUSED')
    return { ...health, detail: `${health.detail}; ${formatAddress(address)} ${dialled}` }
  const where = formatAddress(address)
  return {
    ...health,
    outcome: 'failed',
    detail: `${health.detail}, but ${where} refuses connections`,
    stop: {
      category: 'configuration',
      reason: `the health URL answers but ${where} refuses connections: the step dials the wrong address (a container job should use the service name; check the port mapping and IPv4/IPv6 localhost)`,
      nextStep: `Point the step at the address the service listens on instead of ${where}: in a container job use the service's name as host, check the service's port mapping, and try 127.0.0.1 for localhost (or ::1) to rule out IPv4/IPv6.`
    }
  }
}
