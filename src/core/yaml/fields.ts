/**
 * Typed reading of a located YAML document: each getter checks one value and, when it is wrong,
 * throws a UserError with the file, line and column, and a "did you mean" for misspelled keys.
 */
import { throwAll, UserError } from '../errors.js'
import { didYouMean } from '../text/suggest.js'
import type { LocatedDocument, YamlPath } from './located.js'

/** Renders a path as `rules[2].pattern`. */
export function pathText(path: YamlPath): string {
  return path.reduce<string>(
    (text, part) =>
      typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part,
    ''
  )
}

/** A UserError located at `path` in `doc`. */
export function errorAt(
  doc: LocatedDocument,
  path: YamlPath,
  message: string,
  fix: string
): UserError {
  return new UserError(`${pathText(path) || 'document'}: ${message}`, fix, {
    file: doc.file,
    ...doc.at(path)
  })
}

/** The value at `path`, or undefined. */
export function valueAt(doc: LocatedDocument, path: YamlPath): unknown {
  let value: unknown = doc.value
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string | number, unknown>)[part]
  }
  return value
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The mapping at `path`; fails when it is something else. Keys not in `allowed` are errors. */
export function mappingAt(
  doc: LocatedDocument,
  path: YamlPath,
  allowed: readonly string[]
): Record<string, unknown> {
  const value = valueAt(doc, path)
  if (!isRecord(value))
    throw errorAt(
      doc,
      path,
      `expected a mapping (key: value), got ${describe(value)}.`,
      `Write ${pathText(path) || 'the document'} as key: value lines.`
    )
  // every unknown key at once, each at its own line
  const unknown = Object.keys(value).filter(name => !allowed.includes(name))
  throwAll(
    unknown.map(name =>
      errorAt(
        doc,
        [...path, name],
        `unknown key '${name}'.${didYouMean(name, allowed)}`,
        `Use one of: ${allowed.join(', ')}.`
      )
    ),
    `unknown keys in ${pathText(path) || doc.file}`
  )
  return value
}

/** The sequence at `path`; fails when it is something else. */
export function sequenceAt(doc: LocatedDocument, path: YamlPath): unknown[] {
  const value = valueAt(doc, path)
  if (!Array.isArray(value))
    throw errorAt(
      doc,
      path,
      `expected a list, got ${describe(value)}.`,
      `Write ${pathText(path)} as a list of "- " items.`
    )
  return value
}

/** A string at `path`; `required` makes absence an error. */
export function stringAt(doc: LocatedDocument, path: YamlPath, required: true): string
export function stringAt(doc: LocatedDocument, path: YamlPath, required?: false): string | undefined
export function stringAt(
  doc: LocatedDocument,
  path: YamlPath,
  required = false
): string | undefined {
  const value = valueAt(doc, path)
  if (value === undefined || value === null) {
    if (required) throw errorAt(doc, path, 'is required.', `Add ${pathText(path)}.`)
    return undefined
  }
  if (typeof value !== 'string' && typeof value !== 'number')
    throw errorAt(
      doc,
      path,
      `expected text, got ${describe(value)}.`,
      `Write ${pathText(path)} as text (quote it if needed).`
    )
  return String(value)
}

/** One of `choices` at `path`, with a suggestion for near misses. */
export function choiceAt<T extends string>(
  doc: LocatedDocument,
  path: YamlPath,
  choices: readonly T[],
  required: boolean
): T | undefined {
  const value = required ? stringAt(doc, path, true) : stringAt(doc, path)
  if (value === undefined) return undefined
  if (!choices.includes(value as T))
    throw errorAt(
      doc,
      path,
      `'${value}' is not allowed.${didYouMean(value, choices)}`,
      `Use one of: ${choices.join(', ')}.`
    )
  return value as T
}

/** A boolean at `path` (true or false only). */
export function booleanAt(doc: LocatedDocument, path: YamlPath): boolean | undefined {
  const value = valueAt(doc, path)
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'boolean')
    throw errorAt(
      doc,
      path,
      `expected true or false, got ${describe(value)}.`,
      `Write ${pathText(path)}: true or false.`
    )
  return value
}

/** A list of whole numbers in a range at `path` (a single number is a list of one). */
export function integersAt(
  doc: LocatedDocument,
  path: YamlPath,
  min: number,
  max: number
): number[] | undefined {
  const value = valueAt(doc, path)
  if (value === undefined || value === null) return undefined
  const list = Array.isArray(value) ? value : [value]
  if (
    !list.every(
      item => Number.isInteger(item) && (item as number) >= min && (item as number) <= max
    )
  ) {
    throw errorAt(
      doc,
      path,
      `expected whole numbers from ${min} to ${max}, got ${JSON.stringify(value)}.`,
      `Write ${pathText(path)} as a number or a list such as [1, 2].`
    )
  }
  return list as number[]
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  return `${typeof value} ${JSON.stringify(value)}`
}

/** A number at `path` that is at least `min` (undefined when absent). */
export function numberAt(doc: LocatedDocument, path: YamlPath, min = 0): number | undefined {
  const value = valueAt(doc, path)
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw errorAt(
      doc,
      path,
      `expected a number ≥ ${min}, got ${describe(value)}.`,
      `Write ${pathText(path)} as a number.`
    )
  }
  return value
}

/**
 * A shape for {@link readShape}: scalar kinds, string lists, nested shapes, or `any` for a value
 * another reader checks.
 */
export type Shape = { [key: string]: 'number' | 'string' | 'boolean' | 'strings' | 'any' | Shape }

/** Reads a mapping that must follow `shape`: unknown keys get a "did you mean", values their type check. */
export function readShape(
  doc: LocatedDocument,
  path: YamlPath,
  shape: Shape
): Record<string, unknown> | undefined {
  if (valueAt(doc, path) === undefined || valueAt(doc, path) === null) return undefined
  mappingAt(doc, path, Object.keys(shape))
  const out: Record<string, unknown> = {}
  for (const [key, kind] of Object.entries(shape)) {
    const at = [...path, key]
    if (valueAt(doc, at) === undefined) continue
    if (kind === 'number') out[key] = numberAt(doc, at)
    else if (kind === 'string') out[key] = stringAt(doc, at)
    else if (kind === 'boolean') out[key] = booleanAt(doc, at)
    else if (kind === 'strings')
      out[key] = sequenceAt(doc, at).map((_, i) => stringAt(doc, [...at, i], true))
    else if (kind === 'any') out[key] = valueAt(doc, at)
    else out[key] = readShape(doc, at, kind)
  }
  return out
}
