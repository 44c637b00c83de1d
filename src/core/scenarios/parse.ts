/**
 * Reading a scenario file in the seed's format (deploy/chaos_scenarios.yml), unchanged: every
 * section is validated before anything runs, and each mistake names the file, line and column, with
 * a "did you mean" for a misspelled key or type. Parameters of the known types are checked by name.
 */
import { UserError } from '../errors.js'
import { didYouMean } from '../text/suggest.js'
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
import { loadLocated, type LocatedDocument } from '../yaml/located.js'
import type { Environment, Scenario, ScenarioFile, ScenarioGroup } from './model.js'
import { COMMON_PARAMETERS, INTENSITIES, SCENARIO_TYPES } from './types.js'

const SLO_LEVEL: Shape = {
  mttr_seconds: 'number',
  max_error_rate_percent: 'number',
  min_availability_percent: 'number',
  max_latency_degradation_ms: 'number',
  max_recovery_time_seconds: 'number'
}
const SLO_TARGETS: Shape = {
  mttr_seconds: 'number',
  max_error_rate_percent: 'number',
  min_availability_percent: 'number',
  max_latency_degradation_ms: 'number',
  recovery: {
    max_recovery_time_seconds: 'number',
    required_health_checks: 'number',
    health_check_interval_seconds: 'number'
  }
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
  'parameters'
] as const
const TYPES = Object.keys(SCENARIO_TYPES)

function readScenario(doc: LocatedDocument, index: number): Scenario {
  const path = ['scenarios', index]
  mappingAt(doc, path, SCENARIO_KEYS)
  const name = stringAt(doc, [...path, 'name'], true)
  const type = stringAt(doc, [...path, 'type'], true)
  if (!(type in SCENARIO_TYPES)) {
    throw errorAt(
      doc,
      [...path, 'type'],
      `scenario '${name}' has an unknown type '${type}'.${didYouMean(type, TYPES)}`,
      `Use one of: ${TYPES.join(', ')}.`
    )
  }
  const parameters = valueAt(doc, [...path, 'parameters']) ?? {}
  if (!isRecord(parameters))
    throw errorAt(
      doc,
      [...path, 'parameters'],
      'expected a mapping of parameters.',
      'Write parameters as key: value lines.'
    )
  const allowed = [...COMMON_PARAMETERS, ...SCENARIO_TYPES[type]!]
  if (valueAt(doc, [...path, 'parameters']) !== undefined)
    mappingAt(doc, [...path, 'parameters'], allowed)
  const duration = numberAt(doc, [...path, 'duration'], 0)
  if (duration === undefined)
    throw errorAt(
      doc,
      [...path, 'duration'],
      `scenario '${name}' has no duration.`,
      'Add duration: <seconds>.'
    )
  const description = stringAt(doc, [...path, 'description'])
  const target = stringAt(doc, [...path, 'target'])
  return {
    name,
    type,
    intensity: choiceAt(doc, [...path, 'intensity'], INTENSITIES, true)!,
    duration,
    ...(description !== undefined ? { description } : {}),
    ...(target !== undefined ? { target } : {}),
    parameters,
    line: doc.at(path).line,
    parameterLines: Object.fromEntries(
      Object.keys(parameters).map(key => [key, doc.at([...path, 'parameters', key]).line])
    )
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
        slo_targets: SLO_TARGETS,
        allowed_scenarios: 'strings'
      }) ?? {}
    ;((shape.allowed_scenarios as string[] | undefined) ?? []).forEach((name, i) => {
      if (!names.has(name))
        throw errorAt(
          doc,
          ['environments', env, 'allowed_scenarios', i],
          `environment '${env}' allows an unknown scenario '${name}'.${didYouMean(name, [...names])}`,
          'Use the name of a scenario in the scenarios list.'
        )
    })
    environments[env] = shape
  }
  return environments
}

/** Parses and validates a scenario file's text (named `file` in errors). */
export function parseScenarioFile(file: string, text: string): ScenarioFile {
  const doc = loadLocated(file, text)
  if (!isRecord(doc.value))
    throw new UserError(
      'the scenario file is empty or not a mapping.',
      'Start from the documented sections: slo_targets, scenarios, …',
      { file, line: 1 }
    )
  mappingAt(doc, [], SECTIONS)
  const scenarios =
    valueAt(doc, ['scenarios']) === undefined
      ? []
      : sequenceAt(doc, ['scenarios']).map((_, i) => readScenario(doc, i))
  const names = new Set<string>()
  scenarios.forEach((scenario, i) => {
    if (names.has(scenario.name))
      throw errorAt(
        doc,
        ['scenarios', i, 'name'],
        `two scenarios are named '${scenario.name}'.`,
        'Give each scenario its own name: groups and environments refer to them by name.'
      )
    names.add(scenario.name)
  })
  const severity =
    readShape(doc, ['slo_severity'], { blocking: SLO_LEVEL, warning: SLO_LEVEL }) ?? {}
  return {
    file,
    slo_targets: readShape(doc, ['slo_targets'], SLO_TARGETS) ?? {},
    slo_severity: severity,
    scenarios,
    scenario_groups: readGroups(doc, names),
    monitoring: readShape(doc, ['monitoring'], MONITORING) ?? {},
    environments: readEnvironments(doc, names),
    safety: readShape(doc, ['safety'], SAFETY) ?? {}
  }
}
