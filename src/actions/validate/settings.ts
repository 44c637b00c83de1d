/** The `validate` action's inputs, read once and checked by the parser the CLI shares. */
import { parseValidateOptions, type ValidateOptions } from '../../core/validate/options.js'
import { readInputs } from '../../github/inputs.js'
import { INPUTS } from './names.js'

export function readSettings(): ValidateOptions {
  return parseValidateOptions(readInputs(INPUTS))
}
