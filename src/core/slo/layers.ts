/**
 * Reading SLO maps from a located YAML document (the scenario file's sections, a scenario's `slo`, the
 * inline `slos` input). Every key is checked where it is written; a bad threshold names the file,
 * line and column.
 */
import {
  errorAt,
  isRecord,
  mappingAt,
  numberAt,
  pathText,
  readShape,
  valueAt
} from '../yaml/fields.js'
import type { LocatedDocument, YamlPath } from '../yaml/located.js'
import { type Check, EXPRESSION_KEYS, NUMBER_KEYS, parseExpression, SLO_KEYS } from './keys.js'

/**
 * A target is the objective (it fails the step unless a blocking threshold for the same SLO is set
 * beside it, in which case it warns); `blocking` and `warning` are explicit severities.
 */
export type Level = 'target' | 'blocking' | 'warning'
export const LEVELS: readonly Level[] = ['target', 'blocking', 'warning']

/** The checks of one source of SLOs. */
export interface SloLayer {
  /** In words, for the summary: "slo_targets", "environment 'production'", "input slos". */
  name: string
  checks: Record<Level, Check[]>
}

export function emptyLayer(name: string): SloLayer {
  return { name, checks: { target: [], blocking: [], warning: [] } }
}

/** How {@link readSloMap} reads: whether `blocking:`/`warning:` and the seed's `recovery:` block may appear. */
export interface MapOptions {
  levels: boolean
  recovery: boolean
}

function where(doc: LocatedDocument, path: YamlPath): string {
  return `${doc.file}:${doc.at(path).line}`
}

function readExpressions(doc: LocatedDocument, path: YamlPath, key: string): Check[] {
  const raw = valueAt(doc, path)
  const items: { text: unknown; at: YamlPath }[] = Array.isArray(raw)
    ? (raw as unknown[]).map((item, i) =>
        isRecord(item)
          ? { text: item.threshold, at: [...path, i, 'threshold'] }
          : { text: item, at: [...path, i] }
      )
    : [{ text: raw, at: path }]
  return items.map(({ text, at }) => {
    if (typeof text !== 'string')
      throw errorAt(
        doc,
        at,
        `expected a threshold expression (a string), got ${JSON.stringify(text) ?? 'nothing'}.`,
        `Write ${key}: ['p(95)<500'] as in k6, or a list of such strings.`
      )
    const check = parseExpression(key, text, where(doc, at))
    if ('message' in check) throw errorAt(doc, at, check.message, check.fix)
    return check
  })
}

function readLevel(doc: LocatedDocument, path: YamlPath, options: MapOptions): Check[] {
  const allowed = [
    ...SLO_KEYS,
    ...(options.recovery ? ['recovery'] : []),
    ...(options.levels ? ['blocking', 'warning'] : [])
  ]
  const map = mappingAt(doc, path, allowed)
  const checks: Check[] = []
  for (const key of Object.keys(map)) {
    const at = [...path, key]
    const number = NUMBER_KEYS[key]
    if (number) {
      const threshold = numberAt(doc, at)
      if (threshold === undefined) continue
      checks.push({ ...number, threshold, text: `${key}: ${threshold}`, source: where(doc, at) })
    } else if (EXPRESSION_KEYS[key]) checks.push(...readExpressions(doc, at, key))
    else if (key === 'recovery') {
      const recovery = readShape(doc, at, {
        max_recovery_time_seconds: 'number',
        required_health_checks: 'number',
        health_check_interval_seconds: 'number'
      })
      const max = recovery?.max_recovery_time_seconds
      if (typeof max === 'number')
        checks.push({
          metric: 'recovery_time',
          stat: null,
          op: '<=',
          threshold: max,
          text: `recovery.max_recovery_time_seconds: ${max}`,
          source: where(doc, [...at, 'max_recovery_time_seconds'])
        })
    }
  }
  return checks
}

/**
 * Reads the SLO map at `path` (undefined when there is none). With `levels`, its `blocking:` and
 * `warning:` sub-maps are explicit severities and its other keys are targets.
 */
export function readSloMap(
  doc: LocatedDocument,
  path: YamlPath,
  name: string,
  options: MapOptions
): SloLayer | undefined {
  const value = valueAt(doc, path)
  if (value === undefined || value === null) return undefined
  if (!isRecord(value))
    throw errorAt(
      doc,
      path,
      `expected a mapping of SLOs, got ${JSON.stringify(value)}.`,
      `Write ${pathText(path) || 'the SLOs'} as key: value lines, e.g. min_availability_percent: 99.`
    )
  const layer = emptyLayer(name)
  layer.checks.target = readLevel(doc, path, options)
  if (options.levels)
    for (const level of ['blocking', 'warning'] as const)
      if (valueAt(doc, [...path, level]) !== undefined)
        layer.checks[level] = readLevel(doc, [...path, level], { levels: false, recovery: false })
  return layer
}
