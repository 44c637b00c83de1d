/** Input and output names of the `health` action (actions/health/action.yml). */
import { HEALTH_INPUTS } from '../../core/health/options.js'

export const INPUTS = {
  ...HEALTH_INPUTS,
  failOnUnhealthy: 'fail-on-unhealthy',
  resultsDir: 'results-dir'
} as const

export const OUTPUTS = {
  healthy: 'healthy',
  attempts: 'attempts',
  elapsedMs: 'elapsed-ms',
  endpoint: 'endpoint',
  lastStatus: 'last-status',
  lastError: 'last-error',
  resultsFile: 'results-file'
} as const
