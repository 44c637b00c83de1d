/** Expected HTTP status: `200`, `200-299`, `2xx`, or a comma-separated mix such as `200,204,3xx`. */
import { UserError } from '../errors.js'

/** A parsed status expectation: inclusive ranges, plus the text the user wrote (for messages). */
export interface StatusMatcher {
  ranges: ReadonlyArray<readonly [number, number]>
  text: string
}

function parsePart(part: string): [number, number] | undefined {
  const single = /^([1-5]\d\d)$/.exec(part)
  if (single) return [Number(single[1]), Number(single[1])]
  const range = /^([1-5]\d\d)\s*-\s*([1-5]\d\d)$/.exec(part)
  if (range && Number(range[1]) <= Number(range[2])) return [Number(range[1]), Number(range[2])]
  const klass = /^([1-5])xx$/i.exec(part)
  if (klass) return [Number(klass[1]) * 100, Number(klass[1]) * 100 + 99]
  return undefined
}

/** Parses an expected-status expression; `input` names the input in the error. */
export function parseStatusMatcher(input: string, raw: string): StatusMatcher {
  const text = raw.trim()
  const parts = text.split(',').map(part => part.trim())
  const ranges = parts.map(parsePart)
  const bad = parts.find((_, i) => ranges[i] === undefined)
  if (text === '' || bad !== undefined) {
    throw new UserError(
      `cannot read '${bad ?? raw}' as an HTTP status.`,
      `Set ${input} to a code (200), a range (200-299), a class (2xx) or a comma-separated list (200,204); codes run from 100 to 599.`,
      { input }
    )
  }
  return { ranges: ranges as Array<[number, number]>, text }
}

/** True when `status` is one of the expected statuses. */
export function statusMatches(matcher: StatusMatcher, status: number): boolean {
  return matcher.ranges.some(([low, high]) => status >= low && status <= high)
}
