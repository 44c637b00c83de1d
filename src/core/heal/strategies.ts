/**
 * Healing strategies: what happens between a classified failure and the retry. Each returns what it
 * did; none throws for a failing service or command. `waited` tells the healer the strategy already
 * spent the time a backoff delay would; `stop` that it found no retry can help.
 */
import type { Clock } from '../clock.js'
import type { CommandSpec, runCommand, RunOptions } from '../exec/run-command.js'
import type { HealthOptions } from '../health/wait.js'
import type { Address } from './failure-line.js'
import type { Category, Strategy } from './rules.js'
import { fixDependencies } from './strategy-dependencies.js'
import { waitForHealth, waitForHealthThenDial } from './strategy-health.js'

/** Why a strategy ended the healing: the retry is not made. */
export interface StrategyStop {
  reason: string
  /** What the failure really is, when the strategy found out (a refused address is configuration). */
  category?: Category
  /** What a person must do instead, when the category's usual advice does not fit. */
  nextStep?: string
}

export interface StrategyOutcome {
  outcome: 'done' | 'failed' | 'skipped'
  detail: string
  waited: boolean
  /** Dependency changes made by the sentinel. */
  changes?: Array<{ action: string; name: string; reason: string }>
  stop?: StrategyStop
  /** The module the sentinel installed and found importable: a later failure naming it is final. */
  fixedModule?: string
}

/** The dependency sentinel, as the fix-dependencies strategy uses it (core/audit/heal-fix.ts). */
export interface DependencyFixer {
  /** Whether the failure line's missing module can be fixed safely, and what to add otherwise. */
  plan(
    line: string | null
  ): Promise<{ fixable: boolean; module: string; name: string; detail: string }>
  /** Declares (unless already declared) and installs it; returns what changed, for the journal. */
  apply(line: string | null): Promise<Array<{ action: string; name: string; reason: string }>>
}

export interface StrategyContext {
  /** The command being healed: its interpreter is the one a dependency fix is checked with. */
  command: CommandSpec
  health?: HealthOptions
  cooldownMs: number
  fixCommand?: CommandSpec
  fixer?: DependencyFixer
  /** The output line the failure was classified by. */
  failureLine?: string | null
  /** How commands run (working directory, environment, live output, cancellation). */
  run: RunOptions
  clock: Clock
  signal?: AbortSignal
  /** Runs helper commands; the real process runner by default. */
  runner?: typeof runCommand
  /** Tries a TCP connection: 'connected', or the error code (tryConnect by default). */
  connect?: (address: Address) => Promise<string>
}

async function waitForStable(context: StrategyContext): Promise<StrategyOutcome> {
  const health = await waitForHealth(context)
  if (health.outcome === 'failed') return health
  await context.clock.sleep(context.cooldownMs, context.signal)
  return {
    outcome: 'done',
    detail: `${health.outcome === 'done' ? health.detail : 'no health-url'}, then ${context.cooldownMs / 1000} s cooldown`,
    waited: true
  }
}

/** Runs `strategy`. */
export async function applyStrategy(
  strategy: Strategy,
  context: StrategyContext
): Promise<StrategyOutcome> {
  switch (strategy) {
    case 'wait-for-health':
      return waitForHealthThenDial(context)
    case 'wait-for-stable':
      return waitForStable(context)
    case 'fix-dependencies':
      return fixDependencies(context)
    case 'backoff':
      return { outcome: 'done', detail: 'backoff', waited: false }
    case 'none':
      return { outcome: 'skipped', detail: 'no healing for this category', waited: false }
  }
}
