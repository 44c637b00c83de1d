/**
 * The inject stage, shared by the action and the CLI: read and select the scenarios, plan them, and
 * either stop at the plan (dry run: nothing is touched) or run the experiment. Returns the payload
 * of the `inject` results file (docs/results-schema.md).
 */
import { readFile } from 'node:fs/promises'

import { type Clock, realClock } from '../clock.js'
import { throwAll, UserError } from '../errors.js'
import { cancelSignal, type SignalSource } from '../exec/cancel.js'
import { commandPlugin } from '../faults/command.js'
import { newSeed } from '../random.js'
import type { ScenarioFile } from '../scenarios/model.js'
import { parseScenarioFile } from '../scenarios/parse.js'
import { selectScenarios } from '../scenarios/select.js'
import { emptyLayer } from '../slo/layers.js'
import { readUserFile } from '../user-file.js'
import { planText, resultText } from './describe.js'
import { runExperiment } from './engine.js'
import type { InjectOptions } from './options.js'
import type { InjectPayload } from './payload.js'
import { buildPlan, type Plan, resolveTargets, type Timing, unmatchedTargets } from './plan.js'
import { type ScenarioResult, summarizeResults } from './result.js'
import { type PersistedUndo, Rollback } from './rollback.js'
import type { Safety } from './safety.js'
import { healthSteadyState } from './steady-state.js'

export interface Prepared {
  plan: Plan
  payload: InjectPayload
  health: URL | null
  /** The engine's settings the payload's timing and safety describe. */
  timing: Timing
  safety: Safety
}

/** The baseline must be at least this clean for the steady state to hold. */
const MAX_BASELINE_ERROR_PERCENT = 1

/**
 * The steady-state endpoint on `target`: `path` (health-path, else the file's monitoring endpoint)
 * resolved against it, a full URL as it is, or the target itself without one. `chaos-ci check`
 * probes the same URL.
 */
export function healthUrl(target: URL | undefined, path: string | undefined): URL | null {
  if (!target) return null
  if (path && /^https?:\/\//.test(path)) return new URL(path)
  return new URL(path ?? (target.pathname || '/'), target)
}

export interface PrepareDeps {
  read?: (path: string) => Promise<string>
  /** The environment the user's injector runs in. */
  env?: NodeJS.ProcessEnv
  /** Live output of the user's injector. */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void
}

/** With a command and no scenario file: one scenario, the command, for duration-seconds. */
function commandOnly(options: InjectOptions): ScenarioFile {
  return {
    file: '(command)',
    slo_targets: {},
    slo_severity: {},
    slo: emptyLayer('slo_targets'),
    scenarios: [
      {
        name: 'command',
        type: 'command',
        intensity: 'medium',
        duration: options.durationSeconds,
        parameters: {},
        line: 0
      }
    ],
    scenario_groups: {},
    monitoring: {},
    environments: {},
    safety: {}
  }
}

async function readScenarios(options: InjectOptions, deps: PrepareDeps): Promise<ScenarioFile> {
  const read = deps.read ?? ((path: string) => readFile(path, 'utf8'))
  if (options.command && !options.configGiven) {
    try {
      return parseScenarioFile(options.config, await read(options.config))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return commandOnly(options)
      throw error
    }
  }
  const text = await readUserFile(
    options.config,
    'scenario file',
    `Create it (examples/chaos_scenarios.yml in chaos-ci is a start), or point config at yours.`,
    options.config,
    read
  )
  return parseScenarioFile(options.config, text)
}

/** Reads, validates, selects and plans; throws a UserError for any mistake, before anything runs. */
export async function prepareInject(
  options: InjectOptions,
  deps: PrepareDeps = {}
): Promise<Prepared> {
  const file = await readScenarios(options, deps)
  if (file.safety.auto_rollback === false)
    throw new UserError(
      'safety.auto_rollback is false, but chaos-ci always rolls faults back.',
      'Remove auto_rollback, or set it to true: rollback is not optional here.',
      { file: options.config }
    )
  const selected = selectScenarios(file, {
    ...(options.group ? { group: options.group } : {}),
    scenarios: options.scenarios,
    ...(options.intensity ? { intensity: options.intensity } : {}),
    ...(options.environment ? { environment: options.environment } : {})
  })
  const recovery = selected.sloTargets.recovery ?? {}
  const timing: Timing = {
    baselineMs: options.baselineMs,
    sliceMs: options.sliceMs,
    requiredSlices: recovery.required_health_checks ?? 3,
    maxRecoveryMs: (recovery.max_recovery_time_seconds ?? 30) * 1000,
    cooldownMs: options.cooldownMs ?? (file.safety.cooldown_seconds ?? 5) * 1000
  }
  const held = options.allowDestructive ? [] : (file.safety.require_confirmation ?? [])
  const override = options.command
    ? commandPlugin({
        command: options.command,
        ...(options.rollbackCommand ? { rollbackCommand: options.rollbackCommand } : {}),
        maxAttempts: options.maxAttempts,
        env: deps.env ?? {},
        ...(deps.onOutput ? { onOutput: deps.onOutput } : {})
      })
    : undefined
  const plan = buildPlan(options.config, selected.scenarios, timing, held, override)
  const health = healthUrl(
    options.targetUrl,
    options.healthPath ?? file.monitoring.health_check?.endpoint
  )
  const requests = options.requests ?? [
    { method: 'GET', path: health ? `${health.pathname}${health.search}` : '/' }
  ]
  const seed = options.seed ?? newSeed()
  const safety: Safety = {
    abort: file.safety.abort_conditions ?? {},
    maxTotalMs:
      file.safety.max_total_duration_seconds !== undefined
        ? file.safety.max_total_duration_seconds * 1000
        : null
  }
  return {
    plan,
    health,
    timing,
    safety,
    payload: {
      config: file.file,
      target_url: options.targetUrl?.href ?? null,
      health_url: health?.href ?? null,
      seed,
      dry_run: options.dryRun,
      selection: {
        group: options.group ?? null,
        scenarios: options.scenarios,
        intensity: options.intensity ?? null,
        environment: options.environment ?? null
      },
      slo_targets: selected.sloTargets,
      timing: {
        baseline_ms: timing.baselineMs,
        slice_ms: timing.sliceMs,
        required_slices: timing.requiredSlices,
        max_recovery_ms: timing.maxRecoveryMs,
        cooldown_ms: timing.cooldownMs,
        max_baseline_error_percent: MAX_BASELINE_ERROR_PERCENT
      },
      safety: { abort: safety.abort, max_total_ms: safety.maxTotalMs },
      traffic: { rate: options.rate, request_timeout_ms: options.requestTimeoutMs, requests },
      plan: plan.items.map(item => ({
        name: item.scenario.name,
        type: item.scenario.type,
        intensity: item.scenario.intensity,
        duration_s: item.scenario.duration,
        status: item.status,
        reason: item.reason,
        fault: item.fault,
        expected_seconds: item.expected_seconds,
        target_check: item.target
      })),
      expected_seconds: plan.expected_seconds,
      scenarios: [],
      summary: summarizeResults([])
    }
  }
}

export interface InjectDeps {
  rollback: Rollback
  /** The environment commands run in (restart_command). */
  env?: NodeJS.ProcessEnv
  signal?: AbortSignal
  clock?: Clock
  log?: (line: string) => void
  onScenario?: (result: ScenarioResult) => void
}

/** Runs a prepared experiment (not a dry run) and fills in the payload's results. */
export async function runInject(
  prepared: Prepared,
  options: InjectOptions,
  deps: InjectDeps
): Promise<InjectPayload> {
  const { payload, plan, health, timing, safety } = prepared
  if (!options.targetUrl || !health) throw new Error('runInject needs a target URL')
  const results = await runExperiment(
    plan,
    {
      target: options.targetUrl,
      allowRemoteTarget: options.allowRemoteTarget,
      requests: payload.traffic.requests,
      rate: options.rate,
      requestTimeoutMs: options.requestTimeoutMs,
      timing,
      maxBaselineErrorPercent: MAX_BASELINE_ERROR_PERCENT,
      seed: payload.seed,
      env: deps.env ?? {},
      safety
    },
    {
      rollback: deps.rollback,
      steadyState: healthSteadyState({
        url: health,
        required: 1,
        timeoutMs: 10_000,
        requestTimeoutMs: options.requestTimeoutMs
      }),
      clock: deps.clock ?? realClock,
      ...(deps.signal ? { signal: deps.signal } : {}),
      ...(deps.log ? { log: deps.log } : {}),
      ...(deps.onScenario ? { onScenario: deps.onScenario } : {})
    }
  )
  return { ...payload, scenarios: results, summary: summarizeResults(results) }
}

export interface ExecuteDeps {
  env: NodeJS.ProcessEnv
  /** Progress lines: the plan, each scenario's steps and result. */
  log: (line: string) => void
  /** Where the undos still pending are saved as they change (the action's step state). */
  onPending?: (pending: PersistedUndo[]) => void
  /** A registry to register in instead (the CLI's, saved to its state file): a scope of it is used. */
  rollback?: Rollback
  /** Where SIGINT and SIGTERM come from; the process by default. */
  signals?: SignalSource
}

/** The dry run's look at every target, into the plan and the payload's plan entries. */
async function checkTargets(prepared: Prepared, env: NodeJS.ProcessEnv): Promise<void> {
  await resolveTargets(prepared.plan, env)
  prepared.payload.plan.forEach((entry, i) => (entry.target_check = prepared.plan.items[i]!.target))
}

/**
 * The whole stage as the action and the CLI run it: prepare and print the plan; unless it is a dry
 * run, run it, cancelled by SIGINT/SIGTERM, and run every undo left whatever happens.
 */
export async function executeInject(
  options: InjectOptions,
  deps: ExecuteDeps
): Promise<InjectPayload> {
  const prepared = await prepareInject(options, {
    env: deps.env,
    onOutput: text => deps.log(text.trimEnd())
  })
  if (options.dryRun) await checkTargets(prepared, deps.env)
  deps.log(planText(prepared.payload))
  if (options.dryRun) {
    throwAll(unmatchedTargets(prepared.plan, options.config), 'targets the dry run did not find')
    return prepared.payload
  }
  const rollback = deps.rollback?.scope('inject') ?? new Rollback(deps.onPending)
  const cancel = cancelSignal(deps.signals)
  try {
    return await runInject(prepared, options, {
      env: deps.env,
      rollback,
      signal: cancel.signal,
      log: deps.log,
      onScenario: result => deps.log(resultText(result))
    })
  } finally {
    cancel.dispose()
    await rollback.runAll()
  }
}
