/**
 * The steady-state hypothesis: the health endpoint answers 2xx, `required` times in a row, within a
 * bound. It reuses the health checker, so it reads the same way as the `health` action.
 */
import { describeEndpoint } from '../health/describe.js'
import { parseStatusMatcher } from '../health/status.js'
import { waitForHealthy } from '../health/wait.js'
import type { SteadyState } from './lifecycle.js'

export interface SteadyStateOptions {
  url: URL
  required: number
  timeoutMs: number
  requestTimeoutMs: number
}

export function healthSteadyState(
  options: SteadyStateOptions
): (signal: AbortSignal) => Promise<SteadyState> {
  return async signal => {
    const report = await waitForHealthy(
      {
        urls: [options.url],
        requiredSuccesses: options.required,
        timeoutMs: options.timeoutMs,
        requestTimeoutMs: options.requestTimeoutMs,
        backoff: { initialMs: 200, maxMs: 2000, factor: 2, jitter: 0.2 },
        expectedStatus: parseStatusMatcher('steady-state', '2xx')
      },
      { signal }
    )
    return {
      healthy: report.healthy,
      detail: describeEndpoint(report.endpoints[0]!, options.required)
    }
  }
}
