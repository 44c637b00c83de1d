/** The shapes the healing strategies share (a leaf module: the strategies import it, not each other). */
import type { Clock } from '../clock.js'
import type { CommandSpec, runCommand, RunOptions } from '../exec/run-command.js'
import type { HealthOptions } from '../health/wait.js'
import type { Address } from './failure-line.js'
import type { Category } from './rules.js'

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
