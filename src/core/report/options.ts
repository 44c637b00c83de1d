/**
 * Report settings from raw strings: the one parser behind the `report` action's inputs and the
 * `chaos-ci report` options, which share these kebab-case names.
 */
import { UserError } from '../errors.js'
import { optionalText, parseChoice, parseNumber } from '../settings/parse.js'

export const REPORT_INPUTS = {
  db: 'db',
  lookbackDays: 'lookback-days',
  output: 'output',
  end: 'end',
  issue: 'issue',
  title: 'title',
  labels: 'labels',
  token: 'token'
} as const

export type ReportInputKey = keyof typeof REPORT_INPUTS
export type RawReportOptions = Partial<Record<ReportInputKey, string>>

export const REPORT_DEFAULTS = {
  db: 'reports/chaos_history.db',
  lookbackDays: 7,
  output: 'reports/chaos-report.md',
  title: 'chaos-ci weekly report',
  labels: 'chaos-ci,chaos-report'
} as const

/**
 * Where the report goes on GitHub: one rolling issue with a comment per report (the default), one
 * issue per ISO week, or none (the file and the job summary only).
 */
export const ISSUE_MODES = ['rolling', 'weekly', 'none'] as const
export type IssueMode = (typeof ISSUE_MODES)[number]

export interface ReportSettings {
  db: string
  lookbackDays: number
  output: string
  /** The end of the window; absent: now. */
  end?: Date
  issue: IssueMode
  title: string
  /** The first label is the one the issue is found by. */
  labels: string[]
  token?: string
}

export function parseReportOptions(raw: RawReportOptions): ReportSettings {
  const i = REPORT_INPUTS
  const d = REPORT_DEFAULTS
  const endText = optionalText(raw.end)
  const end = endText === undefined ? undefined : new Date(endText)
  if (end !== undefined && Number.isNaN(end.getTime()))
    throw new UserError(
      `'${endText}' is not a date.`,
      `Set ${i.end} to an ISO-8601 date or time, e.g. 2026-11-30 or 2026-11-30T06:00:00Z, or leave it empty for now.`,
      { input: i.end }
    )
  const issue = parseChoice(
    i.issue,
    raw.issue,
    ISSUE_MODES,
    'rolling',
    'an issue mode',
    `Set ${i.issue} to rolling (one issue, a comment per report), weekly (an issue per ISO week) or none.`
  )
  const labels = (optionalText(raw.labels) ?? d.labels)
    .split(/[,\n]/)
    .map(label => label.trim())
    .filter(Boolean)
  if (labels.length === 0)
    throw new UserError('no label was given.', `Set ${i.labels} to at least one label.`, {
      input: i.labels
    })
  const token = optionalText(raw.token)
  return {
    db: optionalText(raw.db) ?? d.db,
    lookbackDays: parseNumber(i.lookbackDays, raw.lookbackDays, d.lookbackDays, {
      min: 1,
      max: 366,
      integer: true
    }),
    output: optionalText(raw.output) ?? d.output,
    ...(end ? { end } : {}),
    issue,
    title: optionalText(raw.title) ?? d.title,
    labels,
    ...(token ? { token } : {})
  }
}
