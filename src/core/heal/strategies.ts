/**
 * Healing strategies: what happens between a classified failure and the retry. Each returns what it
 * did; none throws for a failing service or command. `waited` tells the healer the strategy already
 * spent the time a backoff delay would; `stop` that it found no retry can help.
 */
import type { Strategy } from './rules.js'
import { fixDependencies } from './strategy-dependencies.js'
import { waitForHealth, waitForHealthThenDial } from './strategy-health.js'
import type { StrategyContext, StrategyOutcome } from './strategy-types.js'

export type {
  DependencyFixer,
  StrategyContext,
  StrategyOutcome,
  StrategyStop
} from './strategy-types.js'

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
