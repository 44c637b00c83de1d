/**
 * The polling schedule: exponential backoff with jitter, capped. A pure function of the number of
 * failed rounds in a row, so the schedule is tested without sleeping.
 */
import type { Random } from '../clock.js'

export interface BackoffPolicy {
  /** The delay after a successful round, and the first delay after a failure (ms). */
  initialMs: number
  /** The cap on any delay (ms). */
  maxMs: number
  /** Growth per failed round in a row; 2 doubles. */
  factor: number
  /** Fraction of the delay taken off at random, 0 (none) to 1; spreads out many clients. */
  jitter: number
}

/** The default growth and jitter; the intervals themselves come from the user. */
export const DEFAULT_FACTOR = 2
export const DEFAULT_JITTER = 0.2

/** The nominal (jitter-free) delay after `failures` failed rounds in a row. */
export function nominalDelay(policy: BackoffPolicy, failures: number): number {
  const exponent = Math.max(0, failures - 1)
  return Math.min(policy.maxMs, policy.initialMs * policy.factor ** exponent)
}

/** The delay after `failures` failed rounds in a row: nominal minus up to `jitter` of it. */
export function backoffDelay(policy: BackoffPolicy, failures: number, random: Random): number {
  const nominal = nominalDelay(policy, failures)
  return Math.round(nominal * (1 - policy.jitter * random()))
}
