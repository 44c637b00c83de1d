/**
 * JSON body conditions. A condition is a JSON object the response body must contain (a deep subset:
 * extra fields are fine), or an array of such objects, any one of which is enough. The seed's rule
 * "healthy is true, or ready is true, or status is healthy" is
 * `[{"healthy": true}, {"ready": true}, {"status": "healthy"}]`.
 */
import { UserError } from '../errors.js'

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** A parsed body condition: alternatives, any one of which must be contained in the body. */
export interface BodyCondition {
  anyOf: Array<{ [key: string]: Json }>
  text: string
}

function isPlainObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Parses a body condition; `input` names the input in the error. */
export function parseBodyCondition(input: string, raw: string): BodyCondition {
  const fix = `Set ${input} to a JSON object such as {"status": "healthy"}, or an array of objects of which any may match.`
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch (error) {
    throw new UserError(`is not valid JSON (${(error as Error).message}).`, fix, { input })
  }
  const anyOf = Array.isArray(value) ? value : [value]
  if (anyOf.length === 0 || !anyOf.every(isPlainObject)) {
    throw new UserError('must be a JSON object or a non-empty array of objects.', fix, { input })
  }
  return { anyOf, text: JSON.stringify(value) }
}

/** True when `actual` contains `expected`: objects by subset, arrays element-wise, scalars by equality. */
export function jsonContains(actual: unknown, expected: Json): boolean {
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, i) => jsonContains(actual[i], item))
    )
  }
  if (isPlainObject(expected)) {
    return (
      isPlainObject(actual) &&
      Object.entries(expected).every(
        ([key, value]) => key in actual && jsonContains(actual[key], value)
      )
    )
  }
  return actual === expected
}

/** Checks a response body against a condition; returns null on a match, or why it did not match. */
export function bodyMismatch(condition: BodyCondition, body: string): string | null {
  let actual: unknown
  try {
    actual = JSON.parse(body)
  } catch {
    return `body is not JSON (expected ${condition.text})`
  }
  if (condition.anyOf.some(expected => jsonContains(actual, expected))) return null
  const shown = body.length > 200 ? `${body.slice(0, 200)}…` : body
  return `body ${shown.trim()} does not match ${condition.text}`
}
