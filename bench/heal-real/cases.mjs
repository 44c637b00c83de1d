// The real-world healing corpus: failure output from public CI logs, each case with its source and
// its right answer. Loading and validation; the runner is run.mjs, the one-time split split.mjs.
import { readFileSync } from 'node:fs'
import path from 'node:path'

const here = import.meta.dirname
export const CATEGORIES = [
  'dependency',
  'configuration',
  'health_check',
  'network',
  'resource',
  'timeout',
  'injection',
  'test',
  'unknown'
]
export const SPLITS = ['tune', 'heldout']
const FIELDS = [
  'id',
  'source',
  'tool',
  'family',
  'exit_code',
  'exit_code_from',
  'log',
  'category',
  'transient',
  'why'
]

/** Every problem with one case, as sentences (empty when it is valid). */
export function validateCase(c) {
  const problems = []
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return ['not an object']
  for (const field of FIELDS) if (!(field in c)) problems.push(`${c.id ?? '?'}: no ${field}`)
  for (const field of Object.keys(c))
    if (!FIELDS.includes(field)) problems.push(`${c.id ?? '?'}: unknown field ${field}`)
  if (typeof c.id !== 'string' || !/^[a-z0-9][a-z0-9.-]*$/.test(c.id))
    problems.push(`bad id ${c.id}`)
  if (
    !/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/(issues|pull|discussions)\/\d+/.test(c.source ?? '')
  )
    problems.push(`${c.id}: source is not a GitHub issue, pull request or discussion URL`)
  if (!Number.isInteger(c.exit_code) || c.exit_code < 1 || c.exit_code > 255)
    problems.push(`${c.id}: exit_code must be 1-255`)
  if (!['log', 'tool'].includes(c.exit_code_from))
    problems.push(`${c.id}: exit_code_from must be log or tool`)
  if (typeof c.log !== 'string' || c.log.trim() === '' || c.log.length > 8000)
    problems.push(`${c.id}: log must be 1-8000 characters`)
  if (!CATEGORIES.includes(c.category)) problems.push(`${c.id}: unknown category ${c.category}`)
  if (typeof c.transient !== 'boolean') problems.push(`${c.id}: transient must be true or false`)
  for (const field of ['tool', 'family', 'why'])
    if (typeof c[field] !== 'string' || c[field].trim() === '')
      problems.push(`${c.id}: empty ${field}`)
  return problems
}

/** The cases of one split ('tune' or 'heldout'), or of both. */
export function loadCases(split) {
  const splits = split ? [split] : SPLITS
  return splits.flatMap(name =>
    readFileSync(path.join(here, `cases.${name}.jsonl`), 'utf8')
      .split('\n')
      .filter(line => line.trim())
      .map(line => ({ ...JSON.parse(line), split: name }))
  )
}
