/** Classifies a failed attempt: the first rule that matches its exit code, timeout and output. */
import { constants } from 'node:os'

import type { CommandResult } from '../exec/run-command.js'
import { type Rule, UNKNOWN_RULE } from './rules.js'

export interface Classification {
  rule: Rule
  /** The text the line was found in: the combined output, or stderr alone (see run-command). */
  text: string
  /** The matching output line, trimmed (null for rules on exit codes or timeouts alone). */
  line: string | null
  /** Its 1-based number in the kept output. */
  lineNumber: number | null
}

/** The exit status as a shell reports it: the code, or 128 + the signal number. */
export function exitStatus(result: Pick<CommandResult, 'exitCode' | 'signal'>): number | null {
  if (result.exitCode !== null) return result.exitCode
  const number = result.signal ? constants.signals[result.signal] : undefined
  return number === undefined ? null : 128 + number
}

function firstMatch(pattern: RegExp, lines: string[]): number {
  return lines.findIndex(line => {
    pattern.lastIndex = 0
    return pattern.test(line)
  })
}

/** The first rule (in order) that matches; the unknown rule when none does. */
export function classify(
  result: Pick<CommandResult, 'exitCode' | 'signal' | 'timedOut' | 'output' | 'stderr'>,
  rules: readonly Rule[]
): Classification {
  const status = exitStatus(result)
  // empty output is one empty line, so a pattern such as ^$ can match it
  const texts = [result.output, result.stderr].filter(Boolean)
  if (texts.length === 0) texts.push('')
  const bare = { text: result.output, line: null, lineNumber: null }
  for (const rule of rules) {
    if (rule.onTimeout) {
      if (result.timedOut) return { rule, ...bare }
      continue
    }
    if (rule.exitCodes && (status === null || !rule.exitCodes.includes(status))) continue
    if (!rule.pattern) {
      if (rule.exitCodes) return { rule, ...bare }
      continue
    }
    for (const text of texts) {
      const lines = text.split('\n')
      const index = firstMatch(rule.pattern, lines)
      if (index >= 0)
        return { rule, text, line: lines[index]!.trim().slice(0, 500), lineNumber: index + 1 }
    }
  }
  return { rule: UNKNOWN_RULE, ...bare }
}
