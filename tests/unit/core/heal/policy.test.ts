import { describe, expect, it } from '@jest/globals'

import type { Classification } from '../../../../src/core/heal/classify.js'
import { decide, type RetryPolicy, type RetryState } from '../../../../src/core/heal/policy.js'
import { BUILTIN_RULES, UNKNOWN_RULE } from '../../../../src/core/heal/rules.js'

const rule = (name: string): Classification => ({
  text: '',
  rule: BUILTIN_RULES.find(r => r.name === name) ?? UNKNOWN_RULE,
  line: null,
  lineNumber: null,
  score: 0,
  reasons: [],
  runnerUp: null,
  why: ''
})
const policy: RetryPolicy = {
  maxAttempts: 3,
  backoff: { initialMs: 1000, maxMs: 8000, factor: 2, jitter: 1 },
  retryOn: { categories: [], exitCodes: [] },
  onUnknown: 'stop'
}
const state: RetryState = {
  attempt: 1,
  status: 1,
  remainingMs: Infinity,
  cancelled: false,
  canFixDependencies: false
}

describe('the retry decision', () => {
  it('retries transient causes and stops on the rest', () => {
    expect(decide(policy, rule('connection-reset'), state).retry).toBe(true)
    expect(decide(policy, rule('connection-refused'), state).retry).toBe(true)
    expect(decide(policy, rule('attempt-timeout'), state).retry).toBe(true)
    expect(decide(policy, rule('yaml-syntax'), state)).toEqual({
      retry: false,
      reason: "rule 'yaml-syntax' (configuration) is not retryable"
    })
    expect(decide(policy, rule('test-failure'), state).retry).toBe(false)
    expect(decide(policy, rule('unknown'), state).retry).toBe(false)
    expect(decide(policy, rule('disk-full'), state).retry).toBe(false)
  })

  it('retries a missing dependency only when something can fix it', () => {
    expect(decide(policy, rule('python-module-not-found'), state).reason).toMatch(
      /no on-dependency-failure command/
    )
    expect(
      decide(policy, rule('python-module-not-found'), { ...state, canFixDependencies: true }).retry
    ).toBe(true)
  })

  it('lets retry-on choose categories and exit codes instead of the rules', () => {
    const custom = { ...policy, retryOn: { categories: ['resource' as const], exitCodes: [3] } }
    expect(decide(custom, rule('disk-full'), state).retry).toBe(true)
    expect(decide(custom, rule('unknown'), { ...state, status: 3 })).toEqual({
      retry: true,
      reason: 'retry-on includes exit code 3'
    })
    expect(decide(custom, rule('connection-reset'), state).retry).toBe(false)
  })

  it('stops when attempts, time or the job run out', () => {
    expect(decide(policy, rule('connection-reset'), { ...state, attempt: 3 }).reason).toBe(
      'all 3 attempts used'
    )
    expect(decide(policy, rule('connection-reset'), { ...state, remainingMs: 0 }).reason).toBe(
      'the total timeout is reached'
    )
    expect(decide(policy, rule('connection-reset'), { ...state, cancelled: true }).reason).toBe(
      'cancelled'
    )
  })

  it('retries a failure no rule matched only when on-unknown is retry', () => {
    expect(decide(policy, rule('unknown'), state)).toEqual({
      retry: false,
      reason: 'no rule matched and on-unknown is stop'
    })
    expect(decide({ ...policy, onUnknown: 'retry' }, rule('unknown'), state)).toEqual({
      retry: true,
      reason: 'no rule matched and on-unknown is retry'
    })
    // with on-unknown: model, only the corpus model's reading of a wait is retried (model.test.ts)
    expect(decide({ ...policy, onUnknown: 'model' }, rule('unknown'), state)).toEqual({
      retry: false,
      reason: 'no rule matched, the corpus model is not sure what it is, and on-unknown is model'
    })
    // a rule that matched leaves on-unknown out of it
    expect(decide({ ...policy, onUnknown: 'retry' }, rule('test-failure'), state).retry).toBe(false)
    expect(decide({ ...policy, onUnknown: 'model' }, rule('test-failure'), state).retry).toBe(false)
  })
})
