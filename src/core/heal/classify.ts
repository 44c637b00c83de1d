/**
 * Classifies a failed attempt by its decisive line. Every rule that matches a line is a candidate;
 * each candidate is scored (the rule's weight, where the line sits, whether it is an error or a
 * warning, whether the exit code fits) and the best one names the failure. The runner-up and the
 * reasons are kept, so the journal can say why one won.
 */
import { constants } from 'node:os'

import type { CommandResult } from '../exec/run-command.js'
import { failureReasonBlocks } from './failure-reasons.js'
import {
  CONNECTION_RULES,
  REMOTE_REFUSED_RULE,
  type Rule,
  SERVICE_CONNECTION_RULE,
  UNKNOWN_RULE
} from './rules.js'
import { failedOnRemoteHost, failedOnThisMachine } from './service-host.js'

/** One rule's match, scored. */
export interface Candidate {
  rule: Rule
  /** The text the line was found in: the combined output, or stderr alone (see run-command). */
  text: string
  /** The matching output line, trimmed (null for rules on exit codes or timeouts alone). */
  line: string | null
  /** Its 1-based number in `text`. */
  lineNumber: number | null
  score: number
  /** What made up the score, in words. */
  reasons: string[]
}

export interface Classification extends Candidate {
  /** The best candidate of another category (else of another rule), or null. */
  runnerUp: Candidate | null
  /** Why the decisive candidate won, in one sentence. */
  why: string
}

/** The exit status as a shell reports it: the code, or 128 + the signal number. */
export function exitStatus(result: Pick<CommandResult, 'exitCode' | 'signal'>): number | null {
  if (result.exitCode !== null) return result.exitCode
  const number = result.signal ? constants.signals[result.signal] : undefined
  return number === undefined ? null : 128 + number
}

/** A user's rule outranks every built-in; a timed-out attempt outranks any line. */
export const USER_RULE_BONUS = 100
export const TIMEOUT_SCORE = 50
/** Later lines are more decisive, by up to this much: less than the gap between weight tiers. */
const POSITION_BONUS = 1.5
const ERROR_LINE_BONUS = 0.5
const EXIT_HINT_BONUS = 1
const WARNING_PENALTY = 3
/** Lines kept per text for matching: the last ones, where the decisive error is. */
const MAX_LINES = 5000

/** A line a tool printed as an error (its own error prefix or word). */
const ERROR_LINE =
  /^\s*(npm (ERR!|error)|ERR_PNPM_|error(\[E\d+\])?:|ERROR[:\]]|\[ERROR\]|E: |fatal:|FATAL|Error:|Exception|Traceback|panic:|FAIL(ED)?\b)|\b(error|failed|fatal)\b/i
/** A line a tool printed as a warning or a retry note, not its verdict. */
const WARNING_LINE =
  /^\s*(npm (WARN|warn)|warning:?|WARN(ING)?\b|\[WARN(ING)?\]|W: |##\[warning\]|⚠)|\bDeprecationWarning\b/i

function test(pattern: RegExp, line: string): boolean {
  pattern.lastIndex = 0
  return pattern.test(line)
}

function scoreLine(
  rule: Rule,
  line: string,
  index: number,
  count: number,
  status: number | null
): { score: number; reasons: string[] } {
  const reasons = [`weight ${rule.weight}`]
  let score = rule.weight
  if (rule.source !== 'built-in') {
    score += USER_RULE_BONUS
    reasons.push('a user rule')
  }
  const position = count > 1 ? (POSITION_BONUS * index) / (count - 1) : POSITION_BONUS
  score += position
  if (test(WARNING_LINE, line)) {
    score -= WARNING_PENALTY
    reasons.push('a warning line')
  } else if (test(ERROR_LINE, line)) {
    score += ERROR_LINE_BONUS
    reasons.push('an error line')
  }
  if (status !== null && rule.exitHint?.includes(status)) {
    score += EXIT_HINT_BONUS
    reasons.push(`exit ${status} fits`)
  }
  reasons.push(`line ${index + 1} of ${count}`)
  return { score: Math.round(score * 100) / 100, reasons }
}

function lineCandidates(rule: Rule, text: string, status: number | null): Candidate[] {
  const all = text.split('\n')
  const offset = Math.max(0, all.length - MAX_LINES)
  const lines = offset ? all.slice(offset) : all
  const found: Candidate[] = []
  lines.forEach((raw, i) => {
    if (!test(rule.pattern!, raw)) return
    const { score, reasons } = scoreLine(rule, raw, i, lines.length, status)
    found.push({
      rule,
      text,
      line: raw.trim().slice(0, 500),
      lineNumber: offset + i + 1,
      score,
      reasons
    })
  })
  return found
}

/** Every candidate: rules on timeouts, on exit codes alone, and on each matching line. */
export function candidates(
  result: Pick<CommandResult, 'exitCode' | 'signal' | 'timedOut' | 'output' | 'stderr'>,
  rules: readonly Rule[]
): Candidate[] {
  const status = exitStatus(result)
  // empty output is one empty line, so a pattern such as ^$ can match it
  const texts = [result.output, result.stderr].filter(Boolean)
  if (texts.length === 0) texts.push('')
  const bare = (rule: Rule, score: number, reason: string): Candidate => ({
    rule,
    text: result.output,
    line: null,
    lineNumber: null,
    score,
    reasons: [reason]
  })
  const found: Candidate[] = []
  for (const rule of rules) {
    const user = rule.source !== 'built-in' ? USER_RULE_BONUS : 0
    if (rule.onTimeout) {
      if (result.timedOut) found.push(bare(rule, TIMEOUT_SCORE + user, 'the attempt timed out'))
      continue
    }
    if (rule.exitCodes && (status === null || !rule.exitCodes.includes(status))) continue
    if (!rule.pattern) {
      if (rule.exitCodes) found.push(bare(rule, rule.weight + user, `exit ${status}`))
      continue
    }
    const seen = new Set<string>()
    for (const text of texts) {
      for (const candidate of lineCandidates(rule, text, status)) {
        // a line in both the combined output and stderr counts once, from the combined output
        if (seen.has(candidate.line!)) continue
        seen.add(candidate.line!)
        found.push(candidate)
      }
    }
  }
  return found
}

/** Best first; ties go to the rule listed first, then to the later line. */
function rank(found: Candidate[], rules: readonly Rule[]): Candidate[] {
  const order = new Map(rules.map((rule, i) => [rule, i]))
  return [...found].sort(
    (a, b) =>
      b.score - a.score ||
      order.get(a.rule)! - order.get(b.rule)! ||
      (b.lineNumber ?? 0) - (a.lineNumber ?? 0)
  )
}

function label(candidate: Candidate): string {
  const where = candidate.lineNumber === null ? '' : ` on line ${candidate.lineNumber}`
  return `'${candidate.rule.name}' (${candidate.rule.category})${where} scored ${candidate.score}`
}

/** Categories whose cause can make every test of a run fail without any test being wrong. */
const OUTSIDE_CAUSES = new Set(['network', 'health_check'])

/**
 * When a test runner's verdict wins but each failed test's own reason (its line, or the lines that go on with it) is a network or service
 * failure, that failure is the cause: it moves to the front, the verdict becomes its runner-up.
 */
function causeOfTestFailures(ranked: Candidate[]): Candidate[] {
  const best = ranked[0]
  if (!best || best.rule.category !== 'test') return ranked
  const blocks = failureReasonBlocks(best.text)
  if (blocks.length === 0 || blocks.some(block => block.assertion)) return ranked
  // the best cause in the block other than the verdict itself; a more specific one of another
  // category (an IPv6 localhost, say) keeps the block from naming a network or service cause
  const inBlock = ({ start, end }: { start: number; end: number }): Candidate | undefined => {
    const cause = ranked.find(
      c =>
        c.text === best.text &&
        c.lineNumber !== null &&
        c.lineNumber >= start &&
        c.lineNumber <= end &&
        c.rule.category !== 'test'
    )
    return cause && OUTSIDE_CAUSES.has(cause.rule.category) ? cause : undefined
  }
  const causes = blocks.map(inBlock)
  if (causes.some(cause => cause === undefined)) return ranked
  // the tests failed for an outside cause: the strongest one the run printed names it (a pull rate
  // limit in a "Caused by:" after the block outranks the container launch failure inside it)
  const inside = causes.at(-1)!
  const strongest = ranked.find(
    c => c.text === best.text && c.lineNumber !== null && OUTSIDE_CAUSES.has(c.rule.category)
  )!
  const cause = strongest.score > inside.score ? strongest : inside
  const promoted: Candidate = {
    ...cause,
    reasons: [...cause.reasons, `the reason of all ${blocks.length} failed tests`]
  }
  return [promoted, ...ranked.filter(c => c !== cause)]
}

/**
 * A built-in network failure whose host is this machine is the service under test not answering
 * yet: it becomes a health_check, so the retry waits for the service (and its health URL, if given).
 * A refusal whose host is on the internet is the network's, so the retry backs off instead of
 * waiting on a health URL that has nothing to do with it.
 */
function byHost(ranked: Candidate[]): Candidate[] {
  const best = ranked[0]
  if (!best || best.rule.source !== 'built-in' || best.lineNumber === null) return ranked
  const relabel = (rule: Rule, where: string): Candidate[] => [
    { ...best, rule, reasons: [...best.reasons, `'${best.rule.name}' ${where}`] },
    ...ranked
  ]
  if (CONNECTION_RULES.has(best.rule.name) && failedOnThisMachine(best.text, best.lineNumber))
    return relabel(SERVICE_CONNECTION_RULE, "on this machine's own address")
  if (best.rule.name === 'connection-refused' && failedOnRemoteHost(best.text, best.lineNumber))
    return relabel(REMOTE_REFUSED_RULE, 'from a host on the internet')
  return ranked
}

/** The decisive candidate, its runner-up and why; the unknown rule when nothing matches. */
export function classify(
  result: Pick<CommandResult, 'exitCode' | 'signal' | 'timedOut' | 'output' | 'stderr'>,
  rules: readonly Rule[]
): Classification {
  const ranked = byHost(causeOfTestFailures(rank(candidates(result, rules), rules)))
  const best = ranked[0]
  if (!best) {
    return {
      rule: UNKNOWN_RULE,
      text: result.output,
      line: null,
      lineNumber: null,
      score: 0,
      reasons: [],
      runnerUp: null,
      why: 'no rule matched the output or the exit code'
    }
  }
  const runnerUp =
    ranked.find(c => c.rule.category !== best.rule.category) ??
    ranked.find(c => c.rule !== best.rule) ??
    null
  const why = runnerUp
    ? `${label(best)} (${best.reasons.join(', ')}) over ${label(runnerUp)} (${runnerUp.reasons.join(', ')})`
    : `${label(best)} (${best.reasons.join(', ')}); no other rule matched`
  return { ...best, runnerUp, why }
}
