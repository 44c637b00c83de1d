/**
 * Healing strategies: what happens between a classified failure and the retry. Each returns what it
 * did; none throws for a failing service or command. `waited` tells the healer the strategy already
 * spent the time a backoff delay would.
 */
import type { Clock } from '../clock.js'
import { type CommandSpec, runCommand, type RunOptions } from '../exec/run-command.js'
import type { HealthOptions } from '../health/wait.js'
import { waitForHealthy } from '../health/wait.js'
import type { Strategy } from './rules.js'

export interface StrategyOutcome {
  outcome: 'done' | 'failed' | 'skipped'
  detail: string
  waited: boolean
  /** Dependency changes made by the sentinel. */
  changes?: Array<{ action: string; name: string; reason: string }>
}

/** The dependency sentinel, as the fix-dependencies strategy uses it (core/audit/heal-fix.ts). */
export interface DependencyFixer {
  /** Whether the failure line's missing module can be fixed safely, and what to add otherwise. */
  plan(line: string | null): Promise<{ fixable: boolean; name: string; detail: string }>
  /** Declares and installs it; returns what changed (entries for the journal). */
  apply(line: string | null): Promise<Array<{ action: string; name: string; reason: string }>>
}

export interface StrategyContext {
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
}

async function waitForHealth(context: StrategyContext): Promise<StrategyOutcome> {
  if (!context.health)
    return { outcome: 'skipped', detail: 'no health-url: backing off instead', waited: false }
  const report = await waitForHealthy(context.health, {
    clock: context.clock,
    ...(context.signal ? { signal: context.signal } : {})
  })
  const seconds = (report.elapsedMs / 1000).toFixed(1)
  return report.healthy
    ? { outcome: 'done', detail: `healthy after ${seconds} s`, waited: true }
    : { outcome: 'failed', detail: `still not healthy after ${seconds} s`, waited: true }
}

async function fixDependencies(context: StrategyContext): Promise<StrategyOutcome> {
  if (!context.fixCommand) return sentinelFix(context)
  const result = await runCommand(context.fixCommand, { ...context.run, timeoutMs: 10 * 60_000 })
  return result.exitCode === 0
    ? {
        outcome: 'done',
        detail: `on-dependency-failure passed in ${result.durationMs} ms`,
        waited: false
      }
    : {
        outcome: 'failed',
        detail: `on-dependency-failure failed (exit ${result.exitCode ?? result.signal})`,
        waited: false
      }
}

/** Without a command: the sentinel declares and installs the one distribution, if it maps safely. */
async function sentinelFix(context: StrategyContext): Promise<StrategyOutcome> {
  if (!context.fixer)
    return { outcome: 'skipped', detail: 'no on-dependency-failure command', waited: false }
  const plan = await context.fixer.plan(context.failureLine ?? null)
  if (!plan.fixable) return { outcome: 'failed', detail: plan.detail, waited: false }
  const changes = await context.fixer.apply(context.failureLine ?? null)
  const installed = changes.some(change => change.action === 'installed')
  return {
    outcome: installed ? 'done' : 'failed',
    detail: installed
      ? `declared and installed ${plan.name} (${plan.detail})`
      : `could not install ${plan.name}: ${changes.at(-1)?.reason ?? 'nothing was added'}`,
    waited: false,
    changes
  }
}

/** Runs `strategy`. */
export async function applyStrategy(
  strategy: Strategy,
  context: StrategyContext
): Promise<StrategyOutcome> {
  switch (strategy) {
    case 'wait-for-health':
      return waitForHealth(context)
    case 'wait-for-stable': {
      const health = await waitForHealth(context)
      if (health.outcome === 'failed') return health
      await context.clock.sleep(context.cooldownMs, context.signal)
      return {
        outcome: 'done',
        detail: `${health.outcome === 'done' ? health.detail : 'no health-url'}, then ${context.cooldownMs / 1000} s cooldown`,
        waited: true
      }
    }
    case 'fix-dependencies':
      return fixDependencies(context)
    case 'backoff':
      return { outcome: 'done', detail: 'backoff', waited: false }
    case 'none':
      return { outcome: 'skipped', detail: 'no healing for this category', waited: false }
  }
}
