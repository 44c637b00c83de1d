/**
 * The retry policy and the pure decision after each failed attempt: retry or stop, and why.
 * Configuration and test failures are never retried unless `retry-on` names them.
 */
import type { BackoffPolicy } from '../backoff.js'
import type { Classification } from './classify.js'
import { MODEL_RETRIES, MODEL_SOURCE } from './model/classification.js'
import type { Category } from './rules.js'

/**
 * What is done with a failure no rule matched: retried when the corpus model reads it as a wait
 * (network, health_check), always retried with backoff, or never retried.
 */
export const ON_UNKNOWN = ['model', 'retry', 'stop'] as const
export type OnUnknown = (typeof ON_UNKNOWN)[number]

export interface RetryPolicy {
  maxAttempts: number
  backoff: BackoffPolicy
  /** Categories and exit statuses to retry; when both are empty, each rule's `retryable` decides. */
  retryOn: { categories: Category[]; exitCodes: number[] }
  /** For failures no rule matched; `retry-on` may still retry them by category or exit code. */
  onUnknown: OnUnknown
}

/**
 * No rule matched: the built-in unknown rule (not a user rule that happens to say unknown), or the
 * corpus model's reading of such a failure, which names a category; on-unknown decides its retry.
 */
const unmatched = (found: Classification): boolean =>
  found.rule.source === MODEL_SOURCE ||
  (found.rule.category === 'unknown' && found.rule.source === 'built-in')

export interface RetryState {
  /** The attempt that just failed, from 1. */
  attempt: number
  /** Its exit status (code, or 128 + signal). */
  status: number | null
  remainingMs: number
  cancelled: boolean
  /** An on-dependency-failure command is configured. */
  canFixDependencies: boolean
}

export interface Decision {
  retry: boolean
  reason: string
}

/** The reason given when on-unknown: stop, not the failure, stops an unmatched one. */
export const ON_UNKNOWN_STOP_REASON = 'no rule matched and on-unknown is stop'

/** on-unknown: model: retry what the corpus model reads as a wait, stop on everything else. */
function modelWait(found: Classification): Decision {
  if (found.rule.source !== MODEL_SOURCE)
    return {
      retry: false,
      reason: 'no rule matched, the corpus model is not sure what it is, and on-unknown is model'
    }
  return MODEL_RETRIES.includes(found.rule.category)
    ? {
        retry: true,
        reason: `no rule matched; the corpus model reads it as ${found.rule.category}, and on-unknown is model`
      }
    : {
        retry: false,
        reason: `no rule matched; the corpus model reads it as ${found.rule.category}, which on-unknown: model does not retry`
      }
}

function wanted(policy: RetryPolicy, found: Classification, status: number | null): Decision {
  const { categories, exitCodes } = policy.retryOn
  const { rule } = found
  if (unmatched(found) && policy.onUnknown === 'retry')
    return { retry: true, reason: 'no rule matched and on-unknown is retry' }
  if (
    unmatched(found) &&
    policy.onUnknown === 'model' &&
    categories.length === 0 &&
    exitCodes.length === 0
  )
    return modelWait(found)
  if (unmatched(found) && categories.length === 0 && exitCodes.length === 0)
    return { retry: false, reason: ON_UNKNOWN_STOP_REASON }
  if (categories.length === 0 && exitCodes.length === 0) {
    return rule.retryable
      ? { retry: true, reason: `rule '${rule.name}' (${rule.category}) is retryable` }
      : { retry: false, reason: `rule '${rule.name}' (${rule.category}) is not retryable` }
  }
  // the model's category names an unmatched failure but never picks its retry: it is unknown here
  const category = unmatched(found) ? 'unknown' : rule.category
  if (categories.includes(category)) return { retry: true, reason: `retry-on includes ${category}` }
  if (status !== null && exitCodes.includes(status))
    return { retry: true, reason: `retry-on includes exit code ${status}` }
  return {
    retry: false,
    reason: `retry-on (${[...categories, ...exitCodes].join(', ')}) does not include ${category} or exit code ${status ?? 'none'}`
  }
}

/** The reason given when the total deadline, not the failure, stops the retries. */
export const TOTAL_TIMEOUT_REASON = 'the total timeout is reached'

/** Whether to retry after a failed attempt. */
export function decide(policy: RetryPolicy, found: Classification, state: RetryState): Decision {
  if (state.cancelled) return { retry: false, reason: 'cancelled' }
  const wish = wanted(policy, found, state.status)
  if (!wish.retry) return wish
  if (found.rule.strategy === 'none')
    return { retry: false, reason: `rule '${found.rule.name}' has strategy none` }
  if (found.rule.strategy === 'fix-dependencies' && !state.canFixDependencies) {
    return {
      retry: false,
      reason:
        'a dependency is missing and no on-dependency-failure command is set: a retry would change nothing'
    }
  }
  if (state.attempt >= policy.maxAttempts)
    return { retry: false, reason: `all ${policy.maxAttempts} attempts used` }
  if (state.remainingMs <= 0) return { retry: false, reason: TOTAL_TIMEOUT_REASON }
  return wish
}
