/** The `report` action's inputs, read once and checked by the parser the CLI shares. */
import { parseReportOptions, type ReportSettings } from '../../core/report/options.js'
import { readInputs } from '../../github/inputs.js'
import { INPUTS } from './names.js'

export function readSettings(): ReportSettings {
  return parseReportOptions(readInputs(INPUTS))
}
