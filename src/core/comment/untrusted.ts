/**
 * Readers for values out of a results file that may be a fork's artifact (docs/security.md): the
 * types in its schema are a claim, not a fact. Numbers are taken only when they are finite numbers,
 * enums only from their closed set, lists only when they are arrays; every text that reaches the
 * comment goes through {@link cell} or {@link codeCell}. None of them throws on any input.
 */
import { clip, escapeInert, inlineCode } from '../markdown.js'

/** What a malformed value is shown as: never the value itself. */
export const UNREADABLE = '?'

/** `value[key]` when value is a plain object, else undefined. */
export function at(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined
}

/** A finite number, or null. */
export function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

/** A whole number ≥ 0, or null. */
export function count(value: unknown): number | null {
  return Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : null
}

/** The value when it is one of `choices`, else null. */
export function oneOf<T extends string>(value: unknown, choices: readonly T[]): T | null {
  return typeof value === 'string' && (choices as readonly string[]).includes(value)
    ? (value as T)
    : null
}

/**
 * An enum for display: its value when in `choices` (our own words, shown as they are), `absent` for
 * null or missing, and 'unknown' for anything else.
 */
export function choice(value: unknown, choices: readonly string[], absent = '—'): string {
  if (value === null || value === undefined) return absent
  return oneOf(value, choices) ?? 'unknown'
}

/** The value when it is a list, else []. */
export function items(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

/** true or false; anything else null. */
export function flag(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null
}

/** A number re-parsed and formatted for people (at most two decimals), or '?'. */
export function shown(value: number | null): string {
  if (value === null) return UNREADABLE
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100)
}

function plain(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return value === null || value === undefined ? '' : UNREADABLE
}

/** Outside text for a Markdown cell or sentence: clipped to `max` characters, then escaped (URLs inert). */
export function cell(value: unknown, max = 120): string {
  return escapeInert(clip(plain(value), max))
}

/** Outside text as a code span, with mentions broken even there (it is shown, not copied). */
export function codeCell(value: unknown, max = 60): string {
  return inlineCode(clip(plain(value), max).replace(/[@#]/g, char => `${char}\u200b`))
}
