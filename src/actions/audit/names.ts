/** Input and output names of the `audit` action (actions/audit/action.yml). */
import { AUDIT_INPUTS } from '../../core/audit/options.js'

export const INPUTS = {
  ...AUDIT_INPUTS,
  resultsDir: 'results-dir',
  reportFile: 'report-file'
} as const

export const OUTPUTS = {
  missing: 'missing',
  unused: 'unused',
  findings: 'findings',
  changes: 'changes',
  resultsFile: 'results-file',
  reportFile: 'report-file'
} as const
