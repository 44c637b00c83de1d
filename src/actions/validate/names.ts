/** Input and output names of the `validate` action (actions/validate/action.yml). */
import { VALIDATE_INPUTS } from '../../core/validate/options.js'

export const INPUTS = VALIDATE_INPUTS

export const OUTPUTS = {
  passed: 'passed',
  status: 'status',
  failedSlos: 'failed-slos',
  warnedSlos: 'warned-slos',
  regressions: 'regressions',
  resultsFile: 'results-file',
  junitFile: 'junit-file'
} as const
