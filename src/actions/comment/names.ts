/** Input and output names of the `comment` action (actions/comment/action.yml). */
import { COMMENT_INPUTS } from '../../core/comment/options.js'

export const INPUTS = COMMENT_INPUTS

export const OUTPUTS = {
  commentId: 'comment-id',
  commentUrl: 'comment-url',
  action: 'action',
  passed: 'passed'
} as const
