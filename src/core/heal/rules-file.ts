/**
 * User rules in YAML, from a file or inline. Every field is checked before anything runs; errors name
 * the file (or input), line and column, and a bad regex names its rule.
 *
 * ```yaml
 * rules:
 *   - name: registry-503
 *     category: network
 *     pattern: 'npm ERR! code E503'
 *     retryable: true
 * ```
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'

import { CONVENTIONS } from '../check/conventions.js'
import { readUserFile, unreadable } from '../user-file.js'
import {
  booleanAt,
  choiceAt,
  errorAt,
  integersAt,
  isRecord,
  mappingAt,
  sequenceAt,
  stringAt
} from '../yaml/fields.js'
import { loadLocated, type LocatedDocument, type YamlPath } from '../yaml/located.js'
import {
  CATEGORIES,
  DEFAULT_RETRYABLE,
  DEFAULT_STRATEGY,
  type Rule,
  STRATEGIES,
  USER_RULE_WEIGHT
} from './rules.js'

const RULE_KEYS = [
  'name',
  'category',
  'pattern',
  'ignore-case',
  'exit-codes',
  'retryable',
  'strategy'
] as const

function compile(
  doc: LocatedDocument,
  path: YamlPath,
  name: string,
  source: string,
  ignoreCase: boolean
): RegExp {
  try {
    return new RegExp(source, ignoreCase ? 'i' : '')
  } catch (error) {
    throw errorAt(
      doc,
      path,
      `rule '${name}' has an invalid pattern: ${(error as Error).message}.`,
      'Fix the regular expression (JavaScript syntax; escape \\ as \\\\ inside double quotes).'
    )
  }
}

function readRule(doc: LocatedDocument, path: YamlPath): Rule {
  mappingAt(doc, path, RULE_KEYS)
  const name = stringAt(doc, [...path, 'name'], true)
  const category = choiceAt(doc, [...path, 'category'], CATEGORIES, true)!
  const pattern = stringAt(doc, [...path, 'pattern'])
  const exitCodes = integersAt(doc, [...path, 'exit-codes'], 0, 255)
  if (pattern === undefined && exitCodes === undefined) {
    throw errorAt(
      doc,
      path,
      `rule '${name}' matches nothing: it has neither pattern nor exit-codes.`,
      'Add a pattern (a regular expression over output lines), exit-codes, or both.'
    )
  }
  return {
    name,
    category,
    ...(pattern !== undefined
      ? {
          pattern: compile(
            doc,
            [...path, 'pattern'],
            name,
            pattern,
            booleanAt(doc, [...path, 'ignore-case']) ?? false
          )
        }
      : {}),
    ...(exitCodes ? { exitCodes } : {}),
    retryable: booleanAt(doc, [...path, 'retryable']) ?? DEFAULT_RETRYABLE[category],
    strategy: choiceAt(doc, [...path, 'strategy'], STRATEGIES, false) ?? DEFAULT_STRATEGY[category],
    weight: USER_RULE_WEIGHT,
    source: doc.file
  }
}

/** Parses a rules document (a list, or a mapping with `rules:`); `file` names it in errors. */
export function parseRules(file: string, source: string): Rule[] {
  const doc = loadLocated(file, source)
  if (doc.value === undefined || doc.value === null) return []
  const listPath: YamlPath = isRecord(doc.value) ? ['rules'] : []
  if (isRecord(doc.value)) mappingAt(doc, [], ['rules'])
  const items = sequenceAt(doc, listPath)
  const rules = items.map((_, i) => readRule(doc, [...listPath, i]))
  const seen = new Set<string>()
  rules.forEach((rule, i) => {
    if (seen.has(rule.name))
      throw errorAt(
        doc,
        [...listPath, i, 'name'],
        `rule '${rule.name}' is defined twice.`,
        'Give each rule its own name.'
      )
    seen.add(rule.name)
  })
  return rules
}

/** User rules first; a built-in with the same name as a user rule is replaced by it. */
export function mergeRules(user: readonly Rule[], builtins: readonly Rule[]): Rule[] {
  const names = new Set(user.map(rule => rule.name))
  return [...user, ...builtins.filter(rule => !names.has(rule.name))]
}

/** True when the `rules` input holds YAML itself rather than a file path. */
export function isInlineRules(raw: string): boolean {
  const text = raw.trim()
  return text.includes('\n') || /^(-|\[|rules\s*:)/.test(text)
}

/**
 * The rules in force: the user's (inline YAML or a file under `cwd`; without either,
 * `.chaos-ci/heal-rules.yml` under `cwd` when it exists) merged over the built-ins.
 * `readText` reads a file; node:fs by default.
 */
export async function loadRules(
  raw: string | undefined,
  cwd: string,
  builtins: readonly Rule[],
  readText?: (file: string) => Promise<string>
): Promise<Rule[]> {
  const text = raw?.trim() ?? ''
  if (text === '') {
    // no rules input: the repository's own rules file, by convention, when there is one
    const conventional = path.resolve(cwd, CONVENTIONS.healRules)
    let source: string
    try {
      source = await (readText ?? (file => readFile(file, 'utf8')))(conventional)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [...builtins]
      throw unreadable(
        error,
        'rules file',
        'Make it a readable file, or remove it.',
        CONVENTIONS.healRules
      )
    }
    return mergeRules(parseRules(CONVENTIONS.healRules, source), builtins)
  }
  if (isInlineRules(text)) return mergeRules(parseRules("input 'rules'", text), builtins)
  const file = path.resolve(cwd, text)
  const fix = 'Give a path relative to the working directory, or the rules themselves as YAML.'
  const source = await readUserFile(file, 'rules file', fix, text, readText)
  return mergeRules(parseRules(text, source), builtins)
}
