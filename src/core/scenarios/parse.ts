/**
 * Reading a scenario file in the seed's format (deploy/chaos_scenarios.yml), unchanged: every
 * section is validated before anything runs, and each mistake names the file, line and column, with
 * a "did you mean" for a misspelled key or type. Parameters of the known types are checked by name.
 */
import { throwAll, UserError, UserErrors } from '../errors.js'
import { emptyLayer, readSloMap } from '../slo/layers.js'
import { closest, didYouMean } from '../text/suggest.js'
import {
  choiceAt,
  errorAt,
  isRecord,
  mappingAt,
  numberAt,
  readShape,
  sequenceAt,
  type Shape,
  stringAt,
  valueAt
} from '../yaml/fields.js'
import { loadLocated, type LocatedDocument, type YamlPath } from '../yaml/located.js'
import type { Environment, Scenario, ScenarioFile, ScenarioGroup } from './model.js'
import { COMMON_PARAMETERS, INTENSITIES, SCENARIO_TYPES } from './types.js'

/** The numbers of the seed's SLO keys; any k6 thresholds beside them are read by readSloMap. */
const SLO_NUMBERS: Shape = {
  mttr_seconds: 'number',
  max_error_rate_percent: 'number',
  min_availability_percent: 'number',
  max_latency_degradation_ms: 'number',
  max_recovery_time_seconds: 'number',
  recovery: {
    max_recovery_time_seconds: 'number',
    required_health_checks: 'number',
    health_check_interval_seconds: 'number'
  }
}
const SLO_MAP = { levels: false, recovery: true }

/** The seed keys' numbers of the SLO map at `path` (checked by readSloMap first). */
function sloNumbers(doc: LocatedDocument, path: YamlPath): Record<string, unknown> {
  const map = valueAt(doc, path)
  if (!isRecord(map)) return {}
  const shape: Shape = Object.fromEntries(
    Object.keys(map).map(key => [key, SLO_NUMBERS[key] ?? 'any'])
  )
  const read = readShape(doc, path, shape) ?? {}
  return Object.fromEntries(Object.entries(read).filter(([key]) => key in SLO_NUMBERS))
}

const MONITORING: Shape = {
  metrics: 'strings',
  sampling_interval: 'number',
  health_check: { endpoint: 'string', timeout: 'number', interval: 'number' },
  alerts: {
    cpu_threshold: 'number',
    memory_threshold: 'number',
    error_rate_threshold: 'number',
    response_time_threshold: 'number'
  }
}
const SAFETY: Shape = {
  abort_conditions: {
    error_rate_percent: 'number',
    consecutive_failures: 'number',
    response_time_ms: 'number'
  },
  cooldown_seconds: 'number',
  max_total_duration_seconds: 'number',
  require_confirmation: 'strings',
  auto_rollback: 'boolean'
}
const SECTIONS = [
  'slo_targets',
  'slo_severity',
  'scenarios',
  'scenario_groups',
  'monitoring',
  'environments',
  'safety'
] as const
const SCENARIO_KEYS = [
  'name',
  'type',
  'intensity',
  'duration',
  'description',
  'target',
  'parameters',
  'slo'
] as const
const TYPES = Object.keys(SCENARIO_TYPES)

/** Runs one check; a UserError it throws (or several) joins `problems`, and it returns undefined. */
function attempt<T>(problems: UserError[], check: () => T): T | undefined {
  try {
    return check()
  } catch (error) {
    if (error instanceof UserErrors) problems.push(...error.problems)
    else if (error instanceof UserError) problems.push(error)
    else throw error
    return undefined
  }
}

function readParameters(
  doc: LocatedDocument,
  path: YamlPath,
  type: string | undefined
): Record<string, unknown> {
  const parameters = valueAt(doc, [...path, 'parameters']) ?? {}
  if (!isRecord(parameters))
    throw errorAt(
      doc,
      [...path, 'parameters'],
      'expected a mapping of parameters.',
      'Write parameters as key: value lines.'
    )
  if (type !== undefined && type in SCENARIO_TYPES && valueAt(doc, [...path, 'parameters']))
    mappingAt(doc, [...path, 'parameters'], [...COMMON_PARAMETERS, ...SCENARIO_TYPES[type]!])
  return parameters
}

/** One scenario, or undefined when it has problems: every one of them joins `problems`. */
function readScenario(
  doc: LocatedDocument,
  index: number,
  problems: UserError[]
): Scenario | undefined {
  const path = ['scenarios', index]
  const before = problems.length
  const check = <T>(read: () => T): T | undefined => attempt(problems, read)
  if (
    check(() => mappingAt(doc, path, SCENARIO_KEYS)) === undefined &&
    !isRecord(valueAt(doc, path))
  )
    return undefined
  // a misspelled required key is one problem, not also a missing one
  const raw = valueAt(doc, path) as Record<string, unknown>
  const meant = new Set(
    Object.keys(raw).flatMap(key =>
      SCENARIO_KEYS.includes(key as never) ? [] : [closest(key, SCENARIO_KEYS) ?? '']
    )
  )
  const required = (key: string): boolean => !meant.has(key) || raw[key] !== undefined
  const text = (key: string): string | undefined =>
    required(key) ? stringAt(doc, [...path, key], true) : stringAt(doc, [...path, key])
  const name = check(() => text('name')) ?? `#${index + 1}`
  const type = check(() => {
    const type = text('type')
    if (type === undefined) return undefined
    if (!(type in SCENARIO_TYPES))
      throw errorAt(
        doc,
        [...path, 'type'],
        `scenario '${name}' has an unknown type '${type}'.${didYouMean(type, TYPES)}`,
        `Use one of: ${TYPES.join(', ')}.`
      )
    return type
  })
  const parameters = check(() => readParameters(doc, path, type))
  const duration = check(() => {
    const duration = numberAt(doc, [...path, 'duration'], 0)
    if (duration === undefined && required('duration'))
      throw errorAt(
        doc,
        [...path, 'duration'],
        `scenario '${name}' has no duration.`,
        'Add duration: <seconds>.'
      )
    return duration
  })
  const description = check(() => stringAt(doc, [...path, 'description']))
  const target = check(() => stringAt(doc, [...path, 'target']))
  const slo = check(() =>
    readSloMap(doc, [...path, 'slo'], `scenario '${name}'`, { levels: true, recovery: true })
  )
  const intensity = check(() =>
    choiceAt(doc, [...path, 'intensity'], INTENSITIES, required('intensity'))
  )
  if (problems.length > before || !type || !parameters || duration === undefined || !intensity)
    return undefined
  return {
    name,
    type,
    intensity,
    duration,
    ...(description !== undefined ? { description } : {}),
    ...(target !== undefined ? { target } : {}),
    parameters,
    line: doc.at(path).line,
    parameterLines: Object.fromEntries(
      Object.keys(parameters).map(key => [key, doc.at([...path, 'parameters', key]).line])
    ),
    ...(slo ? { slo } : {})
  }
}

function readGroups(
  doc: LocatedDocument,
  names: ReadonlySet<string>
): Record<string, ScenarioGroup> {
  const groups: Record<string, ScenarioGroup> = {}
  const raw = valueAt(doc, ['scenario_groups'])
  if (raw === undefined || raw === null) return groups
  if (!isRecord(raw))
    throw errorAt(
      doc,
      ['scenario_groups'],
      'expected a mapping of group names.',
      'Write scenario_groups as name: {description, scenarios: [...]}.'
    )
  for (const group of Object.keys(raw)) {
    const shape =
      readShape(doc, ['scenario_groups', group], { description: 'string', scenarios: 'strings' }) ??
      {}
    const scenarios = (shape.scenarios as string[] | undefined) ?? []
    scenarios.forEach((name, i) => {
      if (!names.has(name))
        throw errorAt(
          doc,
          ['scenario_groups', group, 'scenarios', i],
          `group '${group}' names an unknown scenario '${name}'.${didYouMean(name, [...names])}`,
          'Use the name of a scenario in the scenarios list.'
        )
    })
    groups[group] = {
      ...(shape.description ? { description: shape.description as string } : {}),
      scenarios
    }
  }
  return groups
}

function readEnvironments(
  doc: LocatedDocument,
  names: ReadonlySet<string>
): Record<string, Environment> {
  const environments: Record<string, Environment> = {}
  const raw = valueAt(doc, ['environments'])
  if (raw === undefined || raw === null) return environments
  if (!isRecord(raw))
    throw errorAt(
      doc,
      ['environments'],
      'expected a mapping of environment names.',
      'Write environments as name: {slo_targets, allowed_scenarios}.'
    )
  for (const env of Object.keys(raw)) {
    const shape =
      readShape(doc, ['environments', env], {
        slo_targets: 'any',
        allowed_scenarios: 'strings'
      }) ?? {}
    const slo = readSloMap(doc, ['environments', env, 'slo_targets'], `environment '${env}'`, {
      levels: true,
      recovery: true
    })
    ;((shape.allowed_scenarios as string[] | undefined) ?? []).forEach((name, i) => {
      if (!names.has(name))
        throw errorAt(
          doc,
          ['environments', env, 'allowed_scenarios', i],
          `environment '${env}' allows an unknown scenario '${name}'.${didYouMean(name, [...names])}`,
          'Use the name of a scenario in the scenarios list.'
        )
    })
    environments[env] = {
      ...(shape.allowed_scenarios
        ? { allowed_scenarios: shape.allowed_scenarios as string[] }
        : {}),
      ...(slo ? { slo_targets: sloNumbers(doc, ['environments', env, 'slo_targets']), slo } : {})
    }
  }
  return environments
}

/**
 * Parses and validates a scenario file's text (named `file` in errors). Every problem it finds is
 * reported at once, each with its line and fix: one as a UserError, several as {@link UserErrors}.
 */
export function parseScenarioFile(file: string, text: string): ScenarioFile {
  const doc = loadLocated(file, text)
  if (!isRecord(doc.value))
    throw new UserError(
      'the scenario file is empty or not a mapping.',
      'Start from the documented sections: slo_targets, scenarios, …',
      { file, line: 1 }
    )
  const problems: UserError[] = []
  const check = <T>(read: () => T): T | undefined => attempt(problems, read)
  check(() => mappingAt(doc, [], SECTIONS))
  const list =
    valueAt(doc, ['scenarios']) === undefined
      ? []
      : (check(() => sequenceAt(doc, ['scenarios'])) ?? [])
  const read = list.map((_, i) => readScenario(doc, i, problems))
  const scenarios = read.filter((scenario): scenario is Scenario => scenario !== undefined)
  const names = new Set<string>()
  read.forEach((scenario, i) => {
    if (!scenario) return
    if (names.has(scenario.name))
      problems.push(
        errorAt(
          doc,
          ['scenarios', i, 'name'],
          `two scenarios are named '${scenario.name}'.`,
          'Give each scenario its own name: groups and environments refer to them by name.'
        )
      )
    names.add(scenario.name)
  })
  // names of scenarios with problems still count, so groups naming them are not errors too
  list.forEach((item, i) => {
    if (isRecord(item) && typeof item.name === 'string' && !read[i]) names.add(item.name)
  })
  const slo =
    check(() => readSloMap(doc, ['slo_targets'], 'slo_targets', SLO_MAP)) ??
    emptyLayer('slo_targets')
  const severity: ScenarioFile['slo_severity'] = {}
  if (
    valueAt(doc, ['slo_severity']) != null &&
    check(() => mappingAt(doc, ['slo_severity'], ['blocking', 'warning']))
  )
    for (const level of ['blocking', 'warning'] as const) {
      const layer = check(() =>
        readSloMap(doc, ['slo_severity', level], `slo_severity.${level}`, {
          levels: false,
          recovery: false
        })
      )
      if (!layer) continue
      slo.checks[level] = layer.checks.target
      severity[level] = sloNumbers(doc, ['slo_severity', level])
    }
  slo.name = 'slo_targets and slo_severity'
  const parsed: ScenarioFile = {
    file,
    slo_targets: check(() => sloNumbers(doc, ['slo_targets'])) ?? {},
    slo_severity: severity,
    slo,
    scenarios,
    scenario_groups: check(() => readGroups(doc, names)) ?? {},
    monitoring: check(() => readShape(doc, ['monitoring'], MONITORING)) ?? {},
    environments: check(() => readEnvironments(doc, names)) ?? {},
    safety: check(() => readShape(doc, ['safety'], SAFETY)) ?? {}
  }
  // one mistake read by two checks (a threshold's number and its SLO) is reported once
  const seen = new Set<string>()
  const unique = problems.filter(p => {
    const key = `${p.location.line}:${p.location.column}:${p.message}`
    return !seen.has(key) && Boolean(seen.add(key))
  })
  unique.sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0))
  throwAll(unique, `problems in ${file}`)
  return parsed
}
