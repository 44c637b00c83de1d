/** Input and output names of the `report` action (actions/report/action.yml). */
import { REPORT_INPUTS } from '../../core/report/options.js'

export const INPUTS = REPORT_INPUTS

export const OUTPUTS = {
  reportFile: 'report-file',
  issueNumber: 'issue-number',
  issueUrl: 'issue-url',
  recommendations: 'recommendations'
} as const
