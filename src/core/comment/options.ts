/** Comment settings from raw strings: the `comment` action's inputs. */
import { UserError } from '../errors.js'
import { optionalText, parseBoolean, parseChoice } from '../settings/parse.js'

export const COMMENT_INPUTS = {
  results: 'results',
  name: 'name',
  mode: 'mode',
  prNumber: 'pr-number',
  required: 'required',
  token: 'token'
} as const

export type RawCommentOptions = Partial<Record<keyof typeof COMMENT_INPUTS, string>>

export const MODES = ['update', 'recreate', 'skip-unchanged'] as const

export interface CommentSettings {
  results: string
  /** Absent: the workflow's name. */
  name?: string
  mode: (typeof MODES)[number]
  /** Absent: from the event, else from the results' ref (refs/pull/N/merge). */
  prNumber?: number
  /** Fail the step when the comment cannot be posted (default: warn). */
  required: boolean
  token?: string
}

export function parseCommentOptions(raw: RawCommentOptions): CommentSettings {
  const i = COMMENT_INPUTS
  const mode = parseChoice(
    i.mode,
    raw.mode,
    MODES,
    'update',
    'a comment mode',
    `Set ${i.mode} to update (edit the comment in place), recreate (minimise the old one, post a new one) or skip-unchanged.`
  )
  const prText = optionalText(raw.prNumber)
  if (prText !== undefined && !/^[1-9]\d{0,9}$/.test(prText))
    throw new UserError(
      `'${prText}' is not a pull request number.`,
      `Set ${i.prNumber} to the number alone, e.g. 42, or leave it empty to take it from the event.`,
      { input: i.prNumber }
    )
  const name = optionalText(raw.name)
  const token = optionalText(raw.token)
  return {
    results: optionalText(raw.results) ?? 'chaos-results',
    ...(name ? { name } : {}),
    mode,
    ...(prText ? { prNumber: Number(prText) } : {}),
    required: parseBoolean(i.required, raw.required, false),
    ...(token ? { token } : {})
  }
}
