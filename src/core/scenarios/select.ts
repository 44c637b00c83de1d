/**
 * Choosing the scenarios to run: a group, names or glob patterns (`Network*`), an intensity, and an
 * environment, which narrows the choice to its allowed_scenarios and overrides the SLO targets.
 * Every name given must exist; a near miss gets a "did you mean".
 */
import { UserError } from '../errors.js'
import { didYouMean } from '../text/suggest.js'
import type { Scenario, ScenarioFile, SloTargets } from './model.js'
import type { Intensity } from './types.js'

export interface Selection {
  group?: string
  /** Names or patterns with `*`; case-insensitive. Empty: all. */
  scenarios?: string[]
  intensity?: Intensity
  environment?: string
}

export interface Selected {
  scenarios: Scenario[]
  /** The file's slo_targets with the environment's overrides applied. */
  sloTargets: SloTargets
}

function matcher(pattern: string): (name: string) => boolean {
  const regex = new RegExp(
    `^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`,
    'i'
  )
  return name => regex.test(name)
}

/** Applies a selection; throws a UserError (naming the input) for unknown groups, environments or names. */
export function selectScenarios(file: ScenarioFile, selection: Selection): Selected {
  let scenarios = file.scenarios
  const names = scenarios.map(s => s.name)
  if (selection.group) {
    const group = file.scenario_groups[selection.group]
    if (!group)
      throw new UserError(
        `there is no scenario group '${selection.group}' in ${file.file}.${didYouMean(selection.group, Object.keys(file.scenario_groups))}`,
        `Use one of: ${Object.keys(file.scenario_groups).join(', ') || '(the file has no scenario_groups)'}.`,
        { input: 'group' }
      )
    scenarios = scenarios.filter(s => group.scenarios.includes(s.name))
  }
  if (selection.scenarios?.length) {
    for (const pattern of selection.scenarios) {
      if (!names.some(matcher(pattern)))
        throw new UserError(
          `no scenario matches '${pattern}'.${didYouMean(pattern, names)}`,
          'Give a scenario name from the file, or a pattern with *.',
          { input: 'scenario' }
        )
    }
    scenarios = scenarios.filter(s =>
      selection.scenarios!.some(pattern => matcher(pattern)(s.name))
    )
  }
  if (selection.intensity) scenarios = scenarios.filter(s => s.intensity === selection.intensity)
  let sloTargets = file.slo_targets
  if (selection.environment) {
    const env = file.environments[selection.environment]
    if (!env)
      throw new UserError(
        `there is no environment '${selection.environment}' in ${file.file}.${didYouMean(selection.environment, Object.keys(file.environments))}`,
        `Use one of: ${Object.keys(file.environments).join(', ') || '(the file has no environments)'}.`,
        { input: 'environment' }
      )
    if (env.allowed_scenarios)
      scenarios = scenarios.filter(s => env.allowed_scenarios!.includes(s.name))
    sloTargets = {
      ...file.slo_targets,
      ...env.slo_targets,
      recovery: { ...file.slo_targets.recovery, ...env.slo_targets?.recovery }
    }
  }
  return { scenarios, sloTargets }
}
