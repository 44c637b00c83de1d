/** The `comment` action's inputs, read once and checked. */
import { type CommentSettings, parseCommentOptions } from '../../core/comment/options.js'
import { readInputs } from '../../github/inputs.js'
import { INPUTS } from './names.js'

export function readSettings(): CommentSettings {
  return parseCommentOptions(readInputs(INPUTS))
}
