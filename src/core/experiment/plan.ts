/**
 * The plan: which scenarios run, in which order, with which fault and for about how long. A type
 * with no plug-in yet is "not supported" with the reason, never silently passed. Building the plan
 * reads every scenario's parameters, so a bad parameter fails before anything is touched.
 */
import { throwAll, UserError } from '../errors.js'
import type { FaultPlugin, TargetCheck } from '../faults/plugin.js'
import { NOT_SUPPORTED_REASON, pluginFor } from '../faults/registry.js'
import type { Address } from '../proxy/tcp-proxy.js'
import type { Scenario } from '../scenarios/model.js'

export interface Timing {
  baselineMs: number
  sliceMs: number
  requiredSlices: number
  maxRecoveryMs: number
  cooldownMs: number
}

export interface PlanItem {
  scenario: Scenario
  status: 'planned' | 'not-supported' | 'skipped'
  reason: string | null
  /** The fault in words. */
  fault: string
  plugin: FaultPlugin<unknown> | null
  settings: unknown
  /** Baseline + fault + typical recovery, in seconds (cooldown not included). */
  expected_seconds: number
  /** What a dry run found for the fault's target; null when not looked for (or no target). */
  target: TargetCheck | null
}

export interface Plan {
  items: PlanItem[]
  /** Dependency proxies to open for the whole run. */
  dependencies: Array<{ listen: Address; upstream: Address }>
  /** All planned scenarios with cooldowns between them, in seconds. */
  expected_seconds: number
}

/**
 * Plans `scenarios` in order. `held` names the types that need confirmation (the file's
 * safety.require_confirmation when allow-destructive is off): they are skipped with the reason.
 * `override` (the user's injector command) replaces every scenario's own fault.
 */
export function buildPlan(
  file: string,
  scenarios: Scenario[],
  timing: Timing,
  held: readonly string[] = [],
  override?: FaultPlugin<unknown>
): Plan {
  const dependencies = new Map<string, { listen: Address; upstream: Address }>()
  const planItem = (scenario: Scenario): PlanItem => {
    const plugin = override ?? pluginFor(scenario.type)
    if (!plugin)
      return {
        scenario,
        status: 'not-supported',
        reason: NOT_SUPPORTED_REASON[scenario.type] ?? `no fault plug-in for ${scenario.type}`,
        fault: scenario.description ?? scenario.type,
        plugin: null,
        settings: null,
        expected_seconds: 0,
        target: null
      }
    if (held.includes(scenario.type))
      return {
        scenario,
        status: 'skipped',
        reason: `${scenario.type} is listed in safety.require_confirmation: set allow-destructive to true to run it`,
        fault: plugin.describe(plugin.settings(scenario, file)),
        plugin: null,
        settings: null,
        expected_seconds: 0,
        target: null
      }
    const settings = plugin.settings(scenario, file)
    const dependency = plugin.dependency?.(settings)
    if (dependency) {
      const key = `${dependency.listen.host}:${dependency.listen.port}`
      const known = dependencies.get(key)
      if (known && known.upstream.port !== dependency.upstream.port)
        throw new UserError(
          `scenario '${scenario.name}' forwards ${key} to a different upstream than an earlier scenario.`,
          'One listen address forwards to one dependency: use the same upstream, or another listen port.',
          { file, line: scenario.line }
        )
      dependencies.set(key, dependency)
    }
    const warmup = Math.min(500, timing.baselineMs / 4)
    const expected =
      (warmup + timing.baselineMs + timing.requiredSlices * timing.sliceMs) / 1000 +
      scenario.duration
    return {
      scenario,
      status: 'planned',
      reason: null,
      fault: plugin.describe(settings),
      plugin,
      settings,
      expected_seconds: expected,
      target: null
    }
  }
  const problems: UserError[] = []
  const items = scenarios.flatMap((scenario): PlanItem[] => {
    try {
      return [planItem(scenario)]
    } catch (error) {
      if (!(error instanceof UserError)) throw error
      problems.push(error)
      return []
    }
  })
  // every scenario's bad parameter at once, not only the first
  throwAll(problems, `problems in the parameters of ${file}`)
  const planned = items.filter(item => item.status === 'planned')
  const total =
    planned.reduce((sum, item) => sum + item.expected_seconds, 0) +
    (Math.max(0, planned.length - 1) * timing.cooldownMs) / 1000
  for (const item of items) item.expected_seconds = Math.round(item.expected_seconds * 10) / 10
  return {
    items,
    dependencies: [...dependencies.values()],
    expected_seconds: Math.round(total * 10) / 10
  }
}

/** The dry run's look at each planned fault's target (processes, containers); touches nothing. */
export async function resolveTargets(plan: Plan, env: NodeJS.ProcessEnv): Promise<void> {
  for (const item of plan.items)
    if (item.status === 'planned' && item.plugin?.resolve)
      item.target = await item.plugin.resolve(item.settings, env)
}

/** The parameters that name a fault's target, for the line an unmatched target points at. */
const TARGET_KEYS = [
  'pid',
  'pid_file',
  'port',
  'command',
  'container',
  'database',
  'container_label',
  'container_image'
]

/** One UserError per planned scenario whose target the dry run did not find. */
export function unmatchedTargets(plan: Plan, file: string): UserError[] {
  return plan.items.flatMap(({ scenario, target }) => {
    if (target?.found !== false) return []
    const key = TARGET_KEYS.find(k => scenario.parameterLines?.[k] !== undefined)
    return [
      new UserError(
        `scenario '${scenario.name}' (${scenario.type}): ${target.detail}.`,
        `Start the target before the run, or correct ${key ? `parameter ${key}` : 'the target'} of '${scenario.name}' (a process: pid, pid_file, port or command; a container: its name, container_label or container_image).`,
        { file, line: (key && scenario.parameterLines?.[key]) || scenario.line }
      )
    ]
  })
}
