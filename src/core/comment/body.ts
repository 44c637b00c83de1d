/**
 * The sticky pull-request comment: this run's results files (health, audit, heal, inject, validate)
 * as one short Markdown comment a reviewer reads in ten seconds — the status of each stage, the SLO
 * table with its baseline comparison, the healing attempts, and a link to the run. Everything from
 * the files is escaped: they may come from a fork's artifact, and are read as data only.
 */
import type { AuditPayload } from '../audit/report.js'
import type { InjectPayload } from '../experiment/inject.js'
import type { HealJournal } from '../heal/journal.js'
import type { HealthPayload } from '../health/payload.js'
import { escapeMarkdown, inlineCode, markdownTable } from '../markdown.js'
import type { ResultsFile } from '../results/schema.js'
import { sloTable } from '../validate/describe.js'
import type { ValidatePayload } from '../validate/execute.js'

/** The hidden marker of one workflow's comment: `<!-- chaos-ci:<name> -->`. */
export function commentMarker(name: string): string {
  const safe =
    name
      .replace(/--+/g, '-')
      .replace(/[<>\n\r]/g, ' ')
      .trim() || 'chaos-ci'
  return `<!-- chaos-ci:${safe} -->`
}

type Status = 'passed' | 'failed' | 'warned'

interface StageLine {
  stage: string
  status: Status
  detail: string
}

const ICON: Record<Status, string> = { passed: '✅', failed: '❌', warned: '⚠️' }

function healthLine(p: HealthPayload): StageLine {
  const healthy = p.endpoints.filter(e => e.healthy).length
  return {
    stage: 'health',
    status: p.healthy ? 'passed' : 'failed',
    detail: `${healthy} of ${p.endpoints.length} endpoint(s) healthy after ${p.attempts} round(s)`
  }
}

function auditLine(p: AuditPayload): StageLine {
  const missing = p.counts.missing ?? 0
  const others = p.findings.length - missing
  return {
    stage: 'audit',
    status: missing > 0 ? 'failed' : p.findings.length ? 'warned' : 'passed',
    detail: `${missing} missing, ${others} other finding(s) in ${p.imports} import(s)${p.dependency_changes.length ? `; ${p.dependency_changes.length} dependency change(s)` : ''}`
  }
}

function healLine(p: HealJournal): StageLine {
  return {
    stage: 'heal',
    status: p.outcome === 'failed' ? 'failed' : p.outcome === 'flaky-pass' ? 'warned' : 'passed',
    detail: `${p.outcome} after ${p.attempts.length} attempt(s)${p.category ? ` (${escapeMarkdown(p.category)})` : ''}`
  }
}

function injectLine(p: InjectPayload): StageLine {
  const s = p.summary
  const notPassed = p.scenarios.filter(
    r => !['passed', 'skipped', 'not-supported'].includes(r.status)
  )
  const named = notPassed
    .slice(0, 5)
    .map(r => `${escapeMarkdown(r.name)} (${r.status})`)
    .join(', ')
  return {
    stage: 'inject',
    status: s.failed + s.invalid > 0 ? 'failed' : 'passed',
    detail: `${s.by_status.passed} of ${s.scenarios} scenario(s) passed${s.failed ? `, ${s.failed} failed` : ''}${s.invalid ? `, ${s.invalid} invalid` : ''}${s.mttr_seconds !== null ? `; MTTR ${s.mttr_seconds} s` : ''}${named ? `: ${named}${notPassed.length > 5 ? ', …' : ''}` : ''}`
  }
}

function validateLine(p: ValidatePayload): StageLine {
  const s = p.summary
  return {
    stage: 'validate',
    status: !p.passed ? 'failed' : s.warned_slos || s.regressions ? 'warned' : 'passed',
    detail: `${s.failed_slos} SLO check(s) failed, ${s.warned_slos} warned, ${s.regressions} regression(s) of ${s.slos}`
  }
}

function stageLine(results: ResultsFile): StageLine | null {
  switch (results.stage) {
    case 'health':
      return healthLine(results.payload as HealthPayload)
    case 'audit':
      return auditLine(results.payload as AuditPayload)
    case 'heal':
      return healLine(results.payload as HealJournal)
    case 'inject':
      return (results.payload as InjectPayload).dry_run
        ? null
        : injectLine(results.payload as InjectPayload)
    case 'validate':
      return validateLine(results.payload as ValidatePayload)
    default:
      return null
  }
}

function healingTable(journals: HealJournal[]): string {
  const rows = journals.flatMap(j =>
    j.attempts.map(a => [
      inlineCode(j.command.slice(0, 60)),
      String(a.number),
      a.exit_code === null ? '—' : String(a.exit_code),
      escapeMarkdown(a.category ?? '—'),
      escapeMarkdown(a.decision ?? '—'),
      escapeMarkdown(a.strategy ?? '—')
    ])
  )
  return markdownTable(['command', 'attempt', 'exit', 'failure', 'decision', 'strategy'], rows)
}

/**
 * The run's page, built only from values shaped like GitHub's (the results may be a fork's
 * artifact): an owner/repo name, a numeric run id, an http(s) server; null otherwise.
 */
export function runUrlOf(results: readonly ResultsFile[], server: string): string | null {
  const run = results.at(-1)?.run
  if (!run?.repo || !/^[\w.-]+\/[\w.-]+$/.test(run.repo) || !/^\d+$/.test(run.run_id)) return null
  if (!/^https?:\/\/[\w.:-]+$/.test(server)) return null
  return `${server}/${run.repo}/actions/runs/${run.run_id}`
}

/** The pull request the results were made for, from a refs/pull/N/merge (or /head) ref. */
export function pullRequestOf(results: readonly ResultsFile[]): number | undefined {
  for (const r of results) {
    const match = /^refs\/pull\/([1-9]\d{0,9})\/(?:merge|head)$/.exec(r.run.ref ?? '')
    if (match) return Number(match[1])
  }
  return undefined
}

export interface CommentContext {
  /** The comment's name (one comment per PR and name): the workflow's, by default. */
  name: string
  /** The run the results came from. */
  runUrl: string | null
}

/** The comment body, marker included; `passed` is false when any stage failed. */
export function commentBody(
  results: readonly ResultsFile[],
  context: CommentContext
): { body: string; passed: boolean; stages: number } {
  const lines = results.map(stageLine).filter((line): line is StageLine => line !== null)
  const passed = lines.every(line => line.status !== 'failed')
  const validate = results.filter(r => r.stage === 'validate').at(-1)?.payload as
    ValidatePayload | undefined
  const journals = results
    .filter(r => r.stage === 'heal')
    .map(r => r.payload as HealJournal)
    .filter(j => j.attempts.length > 1)
  const sections = [
    commentMarker(context.name),
    `### chaos-ci: ${lines.length === 0 ? 'no results' : passed ? '✅ passed' : '❌ failed'}`,
    lines.length
      ? markdownTable(
          ['stage', '', 'result'],
          lines.map(line => [line.stage, ICON[line.status], line.detail])
        )
      : 'No results files were found for this run.',
    validate && sloTable(validate)
      ? `<details${validate.passed ? '' : ' open'}><summary>SLOs${validate.history.runs ? ` against ${validate.history.runs} past run(s)` : ''}</summary>\n\n${sloTable(validate)}\n\n</details>`
      : '',
    journals.length
      ? `<details><summary>Healing attempts</summary>\n\n${healingTable(journals)}\n\n</details>`
      : '',
    context.runUrl
      ? `[The run](${encodeURI(context.runUrl)}) has the job summaries and the results files.`
      : ''
  ]
  return { body: sections.filter(Boolean).join('\n\n') + '\n', passed, stages: lines.length }
}
