/**
 * Strict parsers for the string values that action inputs and CLI options arrive as. Each names the
 * input it parses and the allowed range, so the error tells the user exactly what to change.
 */
import { UserError } from '../errors.js'
import { didYouMean } from '../text/suggest.js'

/** Range and shape constraints for a numeric input. */
export interface NumberRule {
  min?: number
  max?: number
  integer?: boolean
}

function describeRule(rule: NumberRule): string {
  const kind = rule.integer ? 'a whole number' : 'a number'
  if (rule.min !== undefined && rule.max !== undefined)
    return `${kind} from ${rule.min} to ${rule.max}`
  if (rule.min !== undefined) return `${kind} ≥ ${rule.min}`
  if (rule.max !== undefined) return `${kind} ≤ ${rule.max}`
  return kind
}

/** Parses a number input; `raw` empty or undefined yields `fallback`. */
export function parseNumber(
  input: string,
  raw: string | undefined,
  fallback: number,
  rule: NumberRule = {}
): number {
  const text = (raw ?? '').trim()
  if (text === '') return fallback
  const value = Number(text)
  const ok =
    /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) &&
    Number.isFinite(value) &&
    (!rule.integer || Number.isInteger(value)) &&
    (rule.min === undefined || value >= rule.min) &&
    (rule.max === undefined || value <= rule.max)
  if (!ok) {
    throw new UserError(
      `'${text}' is not ${describeRule(rule)}.`,
      `Set ${input} to ${describeRule(rule)}, or remove it to use the default (${fallback}).`,
      {
        input
      }
    )
  }
  return value
}

/** Parses a boolean input: only `true` or `false` (any case); empty yields `fallback`. */
export function parseBoolean(input: string, raw: string | undefined, fallback: boolean): boolean {
  const text = (raw ?? '').trim().toLowerCase()
  if (text === '') return fallback
  if (text === 'true') return true
  if (text === 'false') return false
  throw new UserError(`'${raw?.trim()}' is not a boolean.`, `Set ${input} to true or false.`, {
    input
  })
}

/** Splits a multi-line input into its non-empty, trimmed lines. Lines starting with `#` are comments. */
export function parseLines(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => line !== '' && !line.startsWith('#'))
}

/** A text input trimmed, or undefined when it is empty. */
export function optionalText(raw: string | undefined): string | undefined {
  const text = (raw ?? '').trim()
  return text === '' ? undefined : text
}

/**
 * One of `choices`: `raw` trimmed, or `fallback` when it is empty. Anything else is an error that
 * calls it not a `noun`, suggests the nearest choice, and gives `fix`.
 */
export function parseChoice<T extends string, F extends T | undefined>(
  input: string,
  raw: string | undefined,
  choices: readonly T[],
  fallback: F,
  noun: string,
  fix: string
): T | F {
  const text = optionalText(raw)
  if (text === undefined) return fallback
  if (!(choices as readonly string[]).includes(text))
    throw new UserError(`'${text}' is not ${noun}.${didYouMean(text, choices)}`, fix, { input })
  return text as T
}
