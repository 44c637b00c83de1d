/**
 * The lifecycle's waits, slice by slice on the injected clock: the baseline settling before the
 * fault, the fault held under the abort conditions, and recovery until steady state holds again.
 */
import type { Phase } from '../traffic/phase.js'
import { checksOf } from './recovery.js'
import { abortReason } from './safety.js'
import type { ScenarioEnv } from './scenario-env.js'

/**
 * Closes the baseline: traffic goes on (in a guard phase, counted nowhere) until every request due
 * in the baseline has been answered, so none is answered under the fault (docs/slos.md).
 */
export async function settle(phase: Phase, env: ScenarioEnv, signal: AbortSignal): Promise<void> {
  const until = env.clock.now() + env.requestTimeoutMs + 250
  while (!phase.settled() && env.clock.now() < until && !signal.aborted)
    await env.clock.sleep(5, signal)
}

/**
 * Keeps the fault on for `ms`, checking the abort conditions as slices complete; returns the
 * condition that fired (the fault then ends early), or null.
 */
export async function watchFault(
  phase: Phase,
  env: ScenarioEnv,
  ms: number,
  signal: AbortSignal
): Promise<string | null> {
  const end = phase.start + ms
  const conditions = env.safety.abort
  const watching = Object.keys(conditions).length > 0
  let checked = 0
  for (;;) {
    const now = env.clock.now()
    if (watching) {
      const verdict = abortReason(phase, conditions, checked, now)
      if (verdict.reason) return verdict.reason
      checked = verdict.checked
    }
    if (now >= end || signal.aborted) return null
    await env.clock.sleep(
      Math.min(end - now, watching ? env.timing.sliceMs / 2 : end - now),
      signal
    )
  }
}

/**
 * Watches the recovery phase slice by slice until `required` consecutive good slices (confirmed),
 * or `maxMs` after the rollback. Returns whether it was confirmed and how many slices it judged.
 */
export async function awaitRecovery(
  phase: Phase,
  env: ScenarioEnv,
  bound: number,
  signal: AbortSignal
): Promise<{ confirmed: boolean; checked: number }> {
  const { sliceMs, requiredSlices, maxRecoveryMs } = env.timing
  let checked = 0
  let run = 0
  for (;;) {
    const now = env.clock.now()
    for (const check of checksOf(phase, bound, now, checked)) {
      run = check.good ? run + 1 : 0
      checked = Math.round((check.start - phase.start) / sliceMs) + 1
      if (run >= requiredSlices) return { confirmed: true, checked }
    }
    if (now - phase.start >= maxRecoveryMs + env.requestTimeoutMs || signal.aborted)
      return { confirmed: false, checked }
    await env.clock.sleep(sliceMs / 2, signal)
  }
}
