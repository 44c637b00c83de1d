/**
 * Exponential backoff, capped, with jitter: the one schedule behind health polling and retries.
 * A pure function of how many failures came in a row, so schedules are tested without sleeping.
 */
import type { Random } from './clock.js'

export interface BackoffPolicy {
  /** The first delay after a failure, and the delay after a success (ms). */
  initialMs: number
  /** The cap on any delay (ms). */
  maxMs: number
  /** Growth per failure in a row: 2 doubles, 1 keeps the delay constant. */
  factor: number
  /**
   * Fraction of the delay taken off at random: 0 for none, 1 for "full jitter" (uniform between 0
   * and the nominal delay), which spreads out many clients retrying at once.
   */
  jitter: number
}

/** The default growth, and the partial jitter of health polling. */
export const DEFAULT_FACTOR = 2
export const DEFAULT_JITTER = 0.2

/** The nominal (jitter-free) delay after `failures` failures in a row. */
export function nominalDelay(policy: BackoffPolicy, failures: number): number {
  const exponent = Math.max(0, failures - 1)
  return Math.min(policy.maxMs, policy.initialMs * policy.factor ** exponent)
}

/** The delay after `failures` failures in a row: nominal minus up to `jitter` of it. */
export function backoffDelay(policy: BackoffPolicy, failures: number, random: Random): number {
  const nominal = nominalDelay(policy, failures)
  return Math.round(nominal * (1 - policy.jitter * random()))
}
