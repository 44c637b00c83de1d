/**
 * One line per stage for the comment — the status its file carries (the envelope's, from the closed
 * set the reader checked) and a short detail — and the healing attempts. The details are read from
 * payloads that may be a fork's: every number re-parsed, every enum checked, every text escaped
 * (./untrusted.ts); a payload that does not have the shape it claims shows `?`, never an exception.
 */
import { SCENARIO_STATUSES } from '../experiment/result.js'
import { CATEGORIES, STRATEGIES } from '../heal/rules.js'
import type { ResultsFile } from '../results/schema.js'
import type { ResultStatus } from '../results/status.js'
import { at, cell, choice, codeCell, count, finite, items, shown, UNREADABLE } from './untrusted.js'

export interface StageLine {
  stage: string
  /** The status the stage set in its file. */
  status: ResultStatus
  /** Markdown, escaped. */
  detail: string
}

const HEAL_OUTCOMES = ['passed', 'flaky-pass', 'failed'] as const
const DECISIONS = ['retry', 'stop'] as const

/** `, 3 failed`; nothing for 0; `, ? failed` when the count is unreadable. */
function also(n: number | null, what: string): string {
  return n === 0 ? '' : `, ${shown(n)} ${what}`
}

function healthDetail(p: unknown): string {
  const endpoints = items(at(p, 'endpoints'))
  return `${endpoints.filter(e => at(e, 'healthy') === true).length} of ${endpoints.length} endpoint(s) healthy after ${shown(count(at(p, 'attempts')))} round(s)`
}

function auditDetail(p: unknown): string {
  const findings = at(p, 'findings')
  const declared = at(at(p, 'counts'), 'missing')
  const missing = declared === undefined ? 0 : count(declared)
  const all = Array.isArray(findings) ? findings.length : null
  const others = missing === null || all === null ? null : Math.max(0, all - missing)
  const changes = items(at(p, 'dependency_changes')).length
  return `${shown(missing)} missing, ${shown(others)} other finding(s) in ${shown(count(at(p, 'imports')))} import(s)${changes ? `; ${changes} dependency change(s)` : ''}`
}

function healDetail(p: unknown): string {
  const category = at(p, 'category')
  return `${choice(at(p, 'outcome'), HEAL_OUTCOMES)} after ${items(at(p, 'attempts')).length} attempt(s)${category ? ` (${choice(category, CATEGORIES)})` : ''}`
}

/** Every verdict validate gives a scenario: its SLOs' worst, or the status its run ended with. */
const SCENARIO_VERDICTS = [
  ...new Set(['passed', 'warned', 'failed', 'insufficient-data', ...SCENARIO_STATUSES])
]

/** Each scenario's verdict in a validate payload (which may be a fork's), by name. */
export function validatedVerdicts(validate: unknown): Map<string, string> {
  return new Map(
    items(at(validate, 'scenarios')).flatMap(s => {
      const name = at(s, 'name')
      return typeof name === 'string' ? [[name, choice(at(s, 'verdict'), SCENARIO_VERDICTS)]] : []
    })
  )
}

/**
 * inject's counts, and the scenarios that did not pass — by validate's verdict wherever validate
 * judged them (a scenario inject ran cleanly can still fail its SLOs), else by inject's status.
 */
function injectDetail(p: unknown, validated: ReadonlyMap<string, string>): string {
  const s = at(p, 'summary')
  const mttr = at(s, 'mttr_seconds')
  const shownStatus = (r: unknown): string => {
    const name = at(r, 'name')
    return (
      (typeof name === 'string' ? validated.get(name) : undefined) ??
      choice(at(r, 'status'), SCENARIO_STATUSES)
    )
  }
  const scenarios = items(at(p, 'scenarios'))
  const notPassed = scenarios.filter(
    r => !['passed', 'warned', 'skipped', 'not-supported'].includes(shownStatus(r))
  )
  const named = notPassed
    .slice(0, 5)
    .map(r => `${cell(at(r, 'name'), 100)} (${shownStatus(r)})`)
    .join(', ')
  const judged = scenarios.some(r => {
    const name = at(r, 'name')
    return typeof name === 'string' && validated.has(name)
  })
  const counts = judged
    ? `${scenarios.filter(r => ['passed', 'warned'].includes(shownStatus(r))).length} of ${scenarios.length} scenario(s) passed validation`
    : `${shown(count(at(at(s, 'by_status'), 'passed')))} of ${shown(count(at(s, 'scenarios')))} scenario(s) passed${also(count(at(s, 'failed')), 'failed')}${also(count(at(s, 'invalid')), 'invalid')}`
  return `${counts}${mttr === null || mttr === undefined ? '' : `; MTTR ${shown(finite(mttr))} s`}${named ? `: ${named}${notPassed.length > 5 ? ', …' : ''}` : ''}`
}

function validateDetail(p: unknown): string {
  const s = at(p, 'summary')
  return `${shown(count(at(s, 'failed_slos')))} SLO check(s) failed, ${shown(count(at(s, 'warned_slos')))} warned, ${shown(count(at(s, 'regressions')))} regression(s) of ${shown(count(at(s, 'slos')))}`
}

/** The details of each stage the comment shows, from its payload. */
const DETAILS: Partial<
  Record<string, (payload: unknown, validated: ReadonlyMap<string, string>) => string>
> = {
  health: healthDetail,
  audit: auditDetail,
  heal: healDetail,
  inject: injectDetail,
  validate: validateDetail
}

/** Said instead of the details when the stage tested nothing: its reason, from the envelope. */
const EMPTY_WORDS: Partial<Record<ResultStatus, string>> = {
  'nothing-ran': 'nothing ran',
  'insufficient-data': 'insufficient data'
}

/**
 * The stage's line, with the status its file carries; null for stages the comment does not show
 * (and for inject's dry-run plan). `validated`: validate's verdict per scenario, when it ran.
 */
export function stageLine(
  results: ResultsFile,
  validated: ReadonlyMap<string, string> = new Map()
): StageLine | null {
  const detail = DETAILS[results.stage]
  if (!detail || results.status === 'planned') return null
  const empty = EMPTY_WORDS[results.status]
  return {
    stage: results.stage,
    status: results.status,
    detail: empty
      ? `${empty}: ${cell(results.status_reason ?? 'no reason given', 200)}`
      : detail(results.payload, validated)
  }
}
function exitCode(value: unknown): string {
  if (value === null) return '—'
  return typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : UNREADABLE
}

/** The rows of the healing table: every attempt of each heal run that took more than one. */
export function healingRows(results: readonly ResultsFile[]): string[][] {
  return results
    .filter(r => r.stage === 'heal')
    .flatMap(r => {
      const attempts = items(at(r.payload, 'attempts'))
      if (attempts.length < 2) return []
      const command = codeCell(at(r.payload, 'command'))
      return attempts.map(a => [
        command,
        shown(count(at(a, 'number'))),
        exitCode(at(a, 'exit_code')),
        choice(at(a, 'category'), CATEGORIES),
        choice(at(a, 'decision'), DECISIONS),
        choice(at(a, 'strategy'), STRATEGIES)
      ])
    })
}
