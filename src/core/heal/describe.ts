/** Words for the healer: the live attempt log, the verdict, and the job summary. */
import { escapeMarkdown, inlineCode, markdownTable } from '../markdown.js'
import type { AttemptRecord, HealJournal } from './journal.js'
import { MODEL_SOURCE } from './model/classification.js'

/** What named the failure: a rule, or the corpus model with its confidence. */
function namedBy(attempt: AttemptRecord): string {
  return attempt.rule_source === MODEL_SOURCE
    ? `the corpus model (${Math.round((attempt.score ?? 0) * 100)}% sure; no rule matched)`
    : `rule '${attempt.rule}'`
}

function how(attempt: AttemptRecord): string {
  if (attempt.cancelled) return 'cancelled'
  if (attempt.timed_out) return `timed out after ${(attempt.duration_ms / 1000).toFixed(1)} s`
  return attempt.signal ? `killed by ${attempt.signal}` : `exit ${attempt.exit_code}`
}

/** One line when an attempt starts. */
export function describeStart(attempt: AttemptRecord, max: number): string {
  return `── attempt ${attempt.number}/${max}`
}

/** The lines after an attempt: how it ended, the classification with its rule and line, what follows. */
export function describeEnd(attempt: AttemptRecord): string {
  if (attempt.category === null)
    return `── attempt ${attempt.number} passed in ${(attempt.duration_ms / 1000).toFixed(1)} s`
  const lines = [
    `── attempt ${attempt.number} failed (${how(attempt)}): ${attempt.category} — ${namedBy(attempt)}`
  ]
  if (attempt.matched_line)
    lines.push(`   line ${attempt.matched_line_number}: ${attempt.matched_line}`)
  if (attempt.decision === 'retry') {
    const strategy = attempt.strategy
      ? `${attempt.strategy}: ${attempt.strategy_outcome} (${attempt.strategy_detail})`
      : ''
    lines.push(
      `   retrying (${attempt.reason}); ${strategy}${attempt.delay_ms ? `; waited ${(attempt.delay_ms / 1000).toFixed(2)} s` : ''}`
    )
    if (attempt.pre_retry_exit_code !== null)
      lines.push(`   pre-retry-command exit ${attempt.pre_retry_exit_code}`)
  } else lines.push(`   not retrying: ${attempt.reason}`)
  if (attempt.next_step) lines.push(`   what to do: ${attempt.next_step}`)
  return lines.join('\n')
}

/** The one-line verdict. */
export function healVerdict(journal: HealJournal): string {
  const attempts = `${journal.attempts.length} attempt(s), ${(journal.duration_ms / 1000).toFixed(1)} s`
  if (journal.outcome === 'passed') return `passed on the first attempt (${attempts})`
  if (journal.outcome === 'flaky-pass')
    return `flaky pass: passed only after retrying ${/^[aeiou]/.test(journal.category ?? '') ? 'an' : 'a'} ${journal.category} failure (${attempts})`
  const last = journal.attempts[journal.attempts.length - 1]!
  return `failed: ${journal.category} — ${namedBy(last)}${last.matched_line ? `, line ${last.matched_line_number}: ${last.matched_line}` : ''} (${attempts}; ${last.reason})`
}

/** What a person must do about the failure that was not retried; null when nothing is asked. */
export function healNextStep(journal: HealJournal): string | null {
  return journal.outcome === 'failed' ? (journal.attempts.at(-1)?.next_step ?? null) : null
}

/** Markdown for the job summary: the verdict and a row per attempt. Output text is escaped. */
export function healMarkdown(journal: HealJournal): string {
  const icon = { passed: '✅', 'flaky-pass': '⚠️', failed: '❌' }[journal.outcome]
  const rows = journal.attempts.map(attempt => [
    String(attempt.number),
    attempt.category === null ? 'passed' : escapeMarkdown(how(attempt)),
    attempt.category ?? '—',
    attempt.rule ? inlineCode(attempt.rule) : '—',
    attempt.matched_line ? inlineCode(attempt.matched_line.slice(0, 120)) : '—',
    attempt.decision === 'retry'
      ? `retry: ${escapeMarkdown(attempt.strategy ?? '')} ${attempt.strategy_outcome ?? ''}`
      : attempt.decision === 'stop'
        ? `stop: ${escapeMarkdown(attempt.reason ?? '')}`
        : '—',
    `${(attempt.duration_ms / 1000).toFixed(1)} s`
  ])
  const table = markdownTable(
    ['#', 'result', 'category', 'rule', 'matched line', 'then', 'time'],
    rows
  )
  const next = healNextStep(journal)
  const todo = next ? `**What to do:** ${escapeMarkdown(next)}\n\n` : ''
  return `### ${icon} chaos-ci heal: ${escapeMarkdown(healVerdict(journal))}\n\n${todo}${inlineCode(journal.command.slice(0, 200))}\n\n${table}\n`
}
