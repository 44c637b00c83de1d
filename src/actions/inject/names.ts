/** Input, output and state names of the `inject` action (actions/inject/action.yml). */
import { INJECT_INPUTS } from '../../core/experiment/options.js'

export const INPUTS = INJECT_INPUTS

export const OUTPUTS = {
  resultsFile: 'results-file',
  status: 'status',
  scenariosRun: 'scenarios-run',
  scenariosFailed: 'scenarios-failed',
  invalid: 'invalid',
  seed: 'seed',
  mttrSeconds: 'mttr-seconds',
  junitFile: 'junit-file'
} as const

/** What main hands to post: the undos still pending, and main's PID. */
export const STATE = {
  pending: 'inject-rollback',
  pid: 'inject-pid'
} as const
