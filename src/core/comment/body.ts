/**
 * The sticky pull-request comment: this run's results files (health, audit, heal, inject, validate)
 * as one short Markdown comment a reviewer reads in ten seconds — the status of each stage, the SLO
 * table with its baseline comparison, the healing attempts, and a link to the run. The files may be
 * a fork's artifact: every value in them is read as untrusted (./untrusted.ts), and nothing in them
 * chooses where the comment goes or what the link points at.
 */
import { fitChars, markdownLink, markdownTable, tableLine } from '../markdown.js'
import type { ResultsFile } from '../results/schema.js'
import { EMPTY_STATUSES, type ResultStatus, stepPasses } from '../results/status.js'
import { SLO_HEADER, sloRows } from './slo.js'
import { healingRows, type StageLine, stageLine, validatedVerdicts } from './stages.js'
import { at, count } from './untrusted.js'

/** GitHub's limit on the body of a comment, in characters. */
export const COMMENT_LIMIT = 65_536

/** The hidden marker of one workflow's comment: `<!-- chaos-ci:<name> -->`. */
export function commentMarker(name: string): string {
  const safe =
    name
      .replace(/--+/g, '-')
      .replace(/[<>\n\r]/g, ' ')
      .trim() || 'chaos-ci'
  return `<!-- chaos-ci:${safe} -->`
}

/** The page of a run, from trusted values only (the event, the runner); null unless all look like GitHub's. */
export function runUrl(server: string, repo: string, runId: string | number): string | null {
  if (!/^https?:\/\/[\w.:-]+$/.test(server) || !/^[\w.-]+\/[\w.-]+$/.test(repo)) return null
  return /^[1-9]\d{0,19}$/.test(String(runId)) ? `${server}/${repo}/actions/runs/${runId}` : null
}

/** Said under the title when the results are the pull request's own report (workflow_run). */
export const REPORTED =
  '_Reported by the pull request’s own workflow run: chaos-ci checked that these results belong to this pull request and that every figure has the right form, not that the figures are true._'

const ICON: Record<ResultStatus, string> = {
  passed: '✅',
  failed: '❌',
  warned: '⚠️',
  'nothing-ran': '⚠️ tested nothing',
  'insufficient-data': '⚠️ tested nothing',
  planned: '📋',
  skipped: '⏭️'
}
const HEAL_HEADER = ['command', 'attempt', 'exit', 'failure', 'decision', 'strategy']

/** A table the size cut may shorten: rows go from its end, and a line under it says how many. */
interface CutTable {
  open: string
  header: string[]
  rows: string[][]
  close: string
}
type Part = string | CutTable

export interface CommentContext {
  /** The comment's name (one comment per PR and name): the workflow's, by default. */
  name: string
  /** The run the results came from, built by the caller from trusted values (see runUrl). */
  runUrl: string | null
  /** The results are the pull request's own report, as in workflow_run: the comment says so. */
  reportedByPullRequest?: boolean
}

export interface BuiltComment {
  /** The whole comment, marker included, however long. */
  body: string
  /** False when any stage failed or could not be read. */
  passed: boolean
  stages: number
  parts: Part[]
}

function title(lines: StageLine[]): string {
  if (lines.length === 0) return 'no results'
  if (lines.some(line => line.status === 'failed')) return '❌ failed'
  if (lines.some(line => EMPTY_STATUSES.includes(line.status))) return '⚠️ tested nothing'
  return '✅ passed'
}

function render(parts: readonly Part[], keep: readonly number[] = [], rest = ''): string {
  let table = 0
  const text = parts.map(part => {
    if (typeof part === 'string') return part
    const kept = keep[table++] ?? part.rows.length
    const cut = part.rows.length - kept
    const note = cut
      ? `\n\n_${cut} more row(s) cut at GitHub’s comment limit (65,536 characters): ${rest}._`
      : ''
    return `${part.open}${markdownTable(part.header, part.rows.slice(0, kept))}${note}${part.close}`
  })
  return `${text.join('\n\n')}\n`
}

/** The whole comment, marker included. */
export function commentBody(
  results: readonly ResultsFile[],
  context: CommentContext
): BuiltComment {
  const validateFile = results.filter(r => r.stage === 'validate').at(-1)
  const validate = validateFile?.payload
  const validated = validatedVerdicts(validate)
  const lines = results
    .map(r => stageLine(r, validated))
    .filter((line): line is StageLine => line !== null)
  const slos = validate === undefined ? [] : sloRows(validate)
  const healing = healingRows(results)
  const runs = count(at(at(validate, 'history'), 'runs'))
  const details = (summary: string, open: boolean): string =>
    `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n`
  const parts: Part[] = [
    commentMarker(context.name),
    `### chaos-ci: ${title(lines)}`,
    context.reportedByPullRequest ? REPORTED : '',
    lines.length
      ? {
          open: '',
          header: ['stage', '', 'result'],
          rows: lines.map(line => [line.stage, ICON[line.status], line.detail]),
          close: ''
        }
      : 'No results files were found for this run.',
    slos.length
      ? {
          open: details(
            `SLOs${runs ? ` against ${runs} past run(s)` : ''}`,
            validateFile?.status !== 'passed'
          ),
          header: SLO_HEADER,
          rows: slos,
          close: '\n\n</details>'
        }
      : '',
    healing.length
      ? {
          open: details('Healing attempts', false),
          header: HEAL_HEADER,
          rows: healing,
          close: '\n\n</details>'
        }
      : '',
    context.runUrl
      ? `${markdownLink('The run', context.runUrl)} has the job summaries and the results files.`
      : ''
  ].filter(part => part !== '')
  const passed = lines.every(line => stepPasses(line.status))
  return { body: render(parts), passed, stages: lines.length, parts }
}

/**
 * The comment within GitHub's limit: unchanged when it fits; else the tables keep as many rows as
 * fit, in order, each saying how many it lost and `rest` (Markdown: where those rows are).
 */
export function fitComment(built: BuiltComment, rest: string, limit = COMMENT_LIMIT): string {
  if (built.body.length <= limit) return built.body
  const tables = built.parts.filter((part): part is CutTable => typeof part !== 'string')
  const keep = tables.map(() => 0)
  let size = render(built.parts, keep, rest).length
  fill: for (const [i, table] of tables.entries())
    for (const row of table.rows) {
      const cost = tableLine(row).length + 1
      if (size + cost > limit) break fill
      size += cost
      keep[i]! += 1
    }
  const note = `_Cut at GitHub’s comment limit (65,536 characters): ${rest}._`
  return fitChars(render(built.parts, keep, rest), limit, note)
}
