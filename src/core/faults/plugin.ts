/**
 * The fault plug-in contract: one file per scenario type. A plug-in reads its parameters into typed
 * settings (errors name the scenario file and line), describes the fault for the plan, applies it
 * (registering the undo *before* it acts) and judges from what the traffic saw whether it landed.
 */
import { UserError } from '../errors.js'
import type { Rollback } from '../experiment/rollback.js'
import type { HttpFaultProxy } from '../proxy/http-proxy.js'
import type { Address, TcpProxy } from '../proxy/tcp-proxy.js'
import type { Scenario } from '../scenarios/model.js'
import { didYouMean } from '../text/suggest.js'
import type { PhaseSummary } from '../traffic/phase.js'

/** How the traffic generator reaches the target during this fault. */
export type Route = 'tcp' | 'http'

/** Whether the fault visibly landed; null when the traffic cannot tell (it is not then invalid). */
export interface Efficacy {
  landed: boolean | null
  /** Expected and observed, in words, e.g. "p50 +200 ms expected, +201.3 ms observed". */
  detail: string
}

export interface Observed {
  baseline: PhaseSummary
  inject: PhaseSummary
}

/** What a dry run found for a fault's target (a process, a container), touching nothing. */
export interface TargetCheck {
  /** true: found; false: nothing matches, so the fault could not land; null: could not check here. */
  found: boolean | null
  /** What was found (`pid 4121: node server.mjs`), or why not, in words. */
  detail: string
}

/** What the engine hands a plug-in to act on. */
export interface FaultTarget {
  /** The proxy in front of the target, of the plug-in's route. */
  tcp: TcpProxy | null
  http: HttpFaultProxy | null
  /** The proxy in front of a dependency (opened before the run, for dependency faults). */
  dependency: (listen: Address) => TcpProxy
  seed: number
  rollback: Rollback
  /** Aborted on cancellation or the scenario timeout. */
  signal: AbortSignal
  /** The environment commands run in (restart_command). */
  env: NodeJS.ProcessEnv
  /** A line for the step's log (e.g. why netem fell back to the proxy). */
  log: (line: string) => void
}

/** A fault in force: its details for the journal, and its efficacy check. */
export interface Applied {
  details: Record<string, unknown>
  efficacy(observed: Observed): Efficacy
}

export interface FaultPlugin<S = unknown> {
  type: string
  route: Route
  /**
   * The fault acts once, when applied (a kill, a crash, a restart), rather than for as long as it is
   * held: recovery is then judged from the fault, not from its rollback (docs/slos.md).
   */
  oneShot?: boolean
  /** Reads and checks the scenario's parameters; throws a UserError naming the line. */
  settings(scenario: Scenario, file: string): S
  /** One line for the plan. */
  describe(settings: S): string
  /** Why this fault cannot run on this machine (e.g. no Docker engine): it is then skipped. */
  precheck?(settings: S, env: NodeJS.ProcessEnv): Promise<string | null>
  /** Finds the fault's target without touching it, for the dry run; absent: no target to find. */
  resolve?(settings: S, env: NodeJS.ProcessEnv): Promise<TargetCheck> | TargetCheck
  /** A dependency proxy this fault needs open for the whole run. */
  dependency?(settings: S): { listen: Address; upstream: Address } | null
  /** Applies the fault; the undo is registered on `target.rollback` before anything changes. */
  apply(settings: S, target: FaultTarget): Promise<Applied> | Applied
}

/** Reads one parameter of a scenario, checked; errors name the scenario file and the line. */
export class Params {
  constructor(
    private readonly scenario: Scenario,
    private readonly file: string
  ) {}

  private fail(key: string, message: string, fix: string): never {
    const line = this.scenario.parameterLines?.[key] ?? this.scenario.line
    throw new UserError(`scenario '${this.scenario.name}': ${message}`, fix, {
      file: this.file,
      line
    })
  }

  has(key: string): boolean {
    return this.scenario.parameters[key] !== undefined && this.scenario.parameters[key] !== null
  }

  number(key: string, fallback: number, min = 0, max = Number.POSITIVE_INFINITY): number {
    const value = this.scenario.parameters[key]
    if (value === undefined || value === null) return fallback
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
      this.fail(
        key,
        `parameter ${key} must be a number from ${min} to ${max}, got ${JSON.stringify(value)}.`,
        `Write ${key}: <number>.`
      )
    return value
  }

  optionalNumber(key: string, min = 0, max = Number.POSITIVE_INFINITY): number | undefined {
    return this.has(key) ? this.number(key, 0, min, max) : undefined
  }

  string(key: string): string | undefined {
    const value = this.scenario.parameters[key]
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'string' && typeof value !== 'number')
      this.fail(key, `parameter ${key} must be a string.`, `Write ${key}: <text>.`)
    return String(value)
  }

  choice<T extends string>(key: string, choices: readonly T[], fallback: T): T {
    const value = this.string(key) ?? fallback
    if (!choices.includes(value as T))
      this.fail(
        key,
        `parameter ${key} is '${value}'.${didYouMean(value, choices)}`,
        `Use one of: ${choices.join(', ')}.`
      )
    return value as T
  }

  /** `host:port` or a bare port (on 127.0.0.1). */
  address(key: string, required: boolean): Address | undefined {
    const value = this.string(key)
    if (value === undefined) {
      if (required)
        this.fail(key, `parameter ${key} is missing.`, `Add ${key}: 127.0.0.1:<port> (host:port).`)
      return undefined
    }
    const match = /^(?:(.+):)?(\d{1,5})$/.exec(value)
    const port = match ? Number(match[2]) : NaN
    if (!match || port < 1 || port > 65535)
      this.fail(
        key,
        `parameter ${key} is '${value}', not host:port.`,
        `Write ${key}: 127.0.0.1:5432.`
      )
    return { host: match[1] ?? '127.0.0.1', port }
  }

  /** Fails when a setting is not allowed by the others (e.g. an HTTP status without a rate). */
  invalid(key: string, message: string, fix: string): never {
    this.fail(key, message, fix)
  }
}

/** A value chosen by intensity when the parameter is absent. */
export function byIntensity<T>(scenario: Scenario, values: Record<Scenario['intensity'], T>): T {
  return values[scenario.intensity]
}
