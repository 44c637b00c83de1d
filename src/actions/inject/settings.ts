/** The `inject` action's inputs, read once and validated by the parser the CLI shares. */
import { type InjectOptions, parseInjectOptions } from '../../core/experiment/options.js'
import { readInputs } from '../../github/inputs.js'
import { INPUTS } from './names.js'

export function readSettings(): InjectOptions {
  return parseInjectOptions(readInputs(INPUTS))
}
