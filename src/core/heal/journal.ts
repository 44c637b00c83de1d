/**
 * The healer's journal: plain data with its full shape from the start. Each attempt is appended
 * before it runs and completed when it ends; it becomes the `heal` results file's payload.
 */
import { type StageStatus, stageStatus } from '../results/status.js'
import type { Category, Strategy } from './rules.js'

/** How a healed run ended. A pass after a retry is a flaky pass: green, but never silently. */
export type HealOutcome = 'passed' | 'flaky-pass' | 'failed'

export interface AttemptRecord {
  number: number
  started_at: string
  duration_ms: number
  exit_code: number | null
  signal: string | null
  timed_out: boolean
  cancelled: boolean
  /** The classification, for a failed attempt. */
  category: Category | null
  rule: string | null
  rule_source: string | null
  matched_line: string | null
  matched_line_number: number | null
  /** The decisive line's score (classify.ts), and why it won over the runner-up. */
  score: number | null
  why: string | null
  /** The best match of another category (else of another rule), for the record. */
  runner_up: RunnerUp | null
  /** What followed: `retry` or `stop`, and why. Null for the passing attempt. */
  decision: 'retry' | 'stop' | null
  reason: string | null
  strategy: Strategy | null
  strategy_outcome: 'done' | 'failed' | 'skipped' | null
  strategy_detail: string | null
  pre_retry_exit_code: number | null
  delay_ms: number
  /** Lines around the matched line, or the end of the output. */
  excerpt: string
  output_chars: number
  /** PIDs ended on timeout or cancel. */
  killed_pids: number[]
  /** Dependencies the sentinel declared or installed while healing this failure. */
  dependency_changes: Array<{ action: string; name: string; reason: string }>
  /** For a failure that is not retried: what a person must do (null otherwise, and when cancelled). */
  next_step: string | null
}

/** The runner-up of a classification: what the decisive line beat. */
export interface RunnerUp {
  rule: string
  category: Category
  line: string | null
  line_number: number | null
  score: number
}

export interface HealJournal {
  command: string
  outcome: HealOutcome
  healed: boolean
  cancelled: boolean
  attempts: AttemptRecord[]
  /** The category the verdict is about: the last failure's, or for a flaky pass the first failure's. */
  category: Category | null
  exit_code: number | null
  duration_ms: number
  max_attempts: number
}

/**
 * heal's one status, set in its results file's envelope: passed on the first attempt, warned for a
 * flaky pass (a retry healed it: `outcome` flaky-pass), failed.
 */
export function healStatus(journal: HealJournal): StageStatus {
  const attempts = `${journal.attempts.length} attempt(s)`
  if (journal.outcome === 'passed') return stageStatus('passed')
  if (journal.outcome === 'flaky-pass')
    return stageStatus(
      'warned',
      `flaky: passed after ${attempts} (healed ${journal.category ?? 'a failure'})`
    )
  return stageStatus(
    'failed',
    `${journal.cancelled ? 'cancelled' : 'failed'} after ${attempts}${journal.category ? ` (${journal.category})` : ''}, exit ${journal.exit_code ?? 'none'}`
  )
}

/** A new attempt record, complete in shape, before the attempt runs. */
export function newAttempt(number: number, startedAt: Date): AttemptRecord {
  return {
    number,
    started_at: startedAt.toISOString(),
    duration_ms: 0,
    exit_code: null,
    signal: null,
    timed_out: false,
    cancelled: false,
    category: null,
    rule: null,
    rule_source: null,
    matched_line: null,
    matched_line_number: null,
    score: null,
    why: null,
    runner_up: null,
    decision: null,
    reason: null,
    strategy: null,
    strategy_outcome: null,
    strategy_detail: null,
    pre_retry_exit_code: null,
    delay_ms: 0,
    excerpt: '',
    output_chars: 0,
    killed_pids: [],
    dependency_changes: [],
    next_step: null
  }
}

/** Up to `context` lines either side of line `lineNumber` (1-based), or the last lines of output. */
export function excerptOf(
  output: string,
  lineNumber: number | null,
  context = 5,
  maxChars = 2000
): string {
  const lines = output.replace(/\n$/, '').split('\n')
  const slice =
    lineNumber === null
      ? lines.slice(-2 * context)
      : lines.slice(Math.max(0, lineNumber - 1 - context), lineNumber + context)
  const text = slice.join('\n')
  return text.length > maxChars ? `…${text.slice(-maxChars)}` : text
}
