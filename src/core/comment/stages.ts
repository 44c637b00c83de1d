/**
 * One line per stage for the comment — its status and a short detail — and the healing attempts,
 * read from payloads that may be a fork's: every number re-parsed, every enum checked, every text
 * escaped (./untrusted.ts). A payload that does not have the shape it claims is an `unknown` line,
 * never an exception.
 */
import { SCENARIO_STATUSES } from '../experiment/result.js'
import { CATEGORIES, STRATEGIES } from '../heal/rules.js'
import type { ResultsFile } from '../results/schema.js'
import { INJECT_STATUSES, VALIDATE_STATUSES } from '../results/status.js'
import {
  at,
  cell,
  choice,
  codeCell,
  count,
  finite,
  flag,
  items,
  oneOf,
  shown,
  UNREADABLE
} from './untrusted.js'

/** `nothing-ran`: the stage tested nothing (inject ran no fault, validate evaluated no SLO). */
export type LineStatus = 'passed' | 'failed' | 'warned' | 'nothing-ran' | 'unknown'

export interface StageLine {
  stage: string
  status: LineStatus
  /** Markdown, escaped. */
  detail: string
}

const HEAL_OUTCOMES = ['passed', 'flaky-pass', 'failed'] as const
const DECISIONS = ['retry', 'stop'] as const

/** `, 3 failed`; nothing for 0; `, ? failed` when the count is unreadable. */
function also(n: number | null, what: string): string {
  return n === 0 ? '' : `, ${shown(n)} ${what}`
}

function healthLine(p: unknown): StageLine {
  const endpoints = items(at(p, 'endpoints'))
  const healthy = flag(at(p, 'healthy'))
  return {
    stage: 'health',
    status: healthy === null ? 'unknown' : healthy ? 'passed' : 'failed',
    detail: `${endpoints.filter(e => at(e, 'healthy') === true).length} of ${endpoints.length} endpoint(s) healthy after ${shown(count(at(p, 'attempts')))} round(s)`
  }
}

function auditLine(p: unknown): StageLine {
  const findings = at(p, 'findings')
  const declared = at(at(p, 'counts'), 'missing')
  const missing = declared === undefined ? 0 : count(declared)
  const all = Array.isArray(findings) ? findings.length : null
  const others = missing === null || all === null ? null : Math.max(0, all - missing)
  const changes = items(at(p, 'dependency_changes')).length
  return {
    stage: 'audit',
    status:
      missing === null || all === null ? 'unknown' : missing ? 'failed' : all ? 'warned' : 'passed',
    detail: `${shown(missing)} missing, ${shown(others)} other finding(s) in ${shown(count(at(p, 'imports')))} import(s)${changes ? `; ${changes} dependency change(s)` : ''}`
  }
}

function healLine(p: unknown): StageLine {
  const outcome = oneOf(at(p, 'outcome'), HEAL_OUTCOMES)
  const category = at(p, 'category')
  const status = { passed: 'passed', 'flaky-pass': 'warned', failed: 'failed' } as const
  return {
    stage: 'heal',
    status: outcome ? status[outcome] : 'unknown',
    detail: `${choice(at(p, 'outcome'), HEAL_OUTCOMES)} after ${items(at(p, 'attempts')).length} attempt(s)${category ? ` (${choice(category, CATEGORIES)})` : ''}`
  }
}

function injectLine(p: unknown): StageLine {
  const s = at(p, 'summary')
  const failed = count(at(s, 'failed'))
  const invalid = count(at(s, 'invalid'))
  const mttr = at(s, 'mttr_seconds')
  const notPassed = items(at(p, 'scenarios')).filter(
    r =>
      !['passed', 'skipped', 'not-supported'].includes(choice(at(r, 'status'), SCENARIO_STATUSES))
  )
  const named = notPassed
    .slice(0, 5)
    .map(r => `${cell(at(r, 'name'), 100)} (${choice(at(r, 'status'), SCENARIO_STATUSES)})`)
    .join(', ')
  // The status inject set, from its closed set; files from before it existed, by their counts.
  const set = oneOf(at(s, 'status'), INJECT_STATUSES)
  if (set === 'nothing-ran')
    return {
      stage: 'inject',
      status: 'nothing-ran',
      detail: `nothing ran: ${cell(at(s, 'status_reason'), 200)}`
    }
  const status: LineStatus =
    set === 'passed' || set === 'failed'
      ? set
      : at(s, 'status') !== undefined || failed === null || invalid === null
        ? 'unknown'
        : failed + invalid
          ? 'failed'
          : 'passed'
  return {
    stage: 'inject',
    status,
    detail: `${shown(count(at(at(s, 'by_status'), 'passed')))} of ${shown(count(at(s, 'scenarios')))} scenario(s) passed${also(failed, 'failed')}${also(invalid, 'invalid')}${mttr === null || mttr === undefined ? '' : `; MTTR ${shown(finite(mttr))} s`}${named ? `: ${named}${notPassed.length > 5 ? ', …' : ''}` : ''}`
  }
}

/** A validate file from before the status existed: its status from its flag and counts, as then. */
function validateStatusOf(p: unknown): LineStatus {
  const s = at(p, 'summary')
  const passed = flag(at(p, 'passed'))
  const warned = count(at(s, 'warned_slos'))
  const regressions = count(at(s, 'regressions'))
  if (passed === null || warned === null || regressions === null) return 'unknown'
  return !passed ? 'failed' : warned || regressions ? 'warned' : 'passed'
}

function validateLine(p: unknown): StageLine {
  const s = at(p, 'summary')
  const warned = count(at(s, 'warned_slos'))
  const regressions = count(at(s, 'regressions'))
  const set = oneOf(at(p, 'status'), VALIDATE_STATUSES)
  if (set === 'insufficient-data')
    return {
      stage: 'validate',
      status: 'nothing-ran',
      detail: `insufficient data: ${cell(at(p, 'status_reason'), 200)}`
    }
  const status: LineStatus =
    set ?? (at(p, 'status') !== undefined ? 'unknown' : validateStatusOf(p))
  return {
    stage: 'validate',
    status,
    detail: `${shown(count(at(s, 'failed_slos')))} SLO check(s) failed, ${shown(warned)} warned, ${shown(regressions)} regression(s) of ${shown(count(at(s, 'slos')))}`
  }
}

/** The stage's line; null for stages the comment does not show (and for a dry-run inject). */
export function stageLine(results: ResultsFile): StageLine | null {
  const p = results.payload
  switch (results.stage) {
    case 'health':
      return healthLine(p)
    case 'audit':
      return auditLine(p)
    case 'heal':
      return healLine(p)
    case 'inject':
      return at(p, 'dry_run') === true ? null : injectLine(p)
    case 'validate':
      return validateLine(p)
    default:
      return null
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
