import { describe, expect, it } from '@jest/globals'

import {
  HEAL_DEFAULTS,
  parseCommand,
  parseHealOptions,
  parseRetryOn
} from '../../../../src/core/heal/options.js'
import { userErrorOf } from '../../../helpers/errors.js'

describe('heal options', () => {
  it('runs a script in bash by default, with the documented defaults', () => {
    const options = parseHealOptions({ command: 'npm test' })
    expect(options.command).toEqual({ script: 'npm test', shell: 'bash' })
    expect(options.policy.maxAttempts).toBe(HEAL_DEFAULTS.maxAttempts)
    expect(options.policy.backoff).toEqual({ initialMs: 5000, maxMs: 60_000, factor: 2, jitter: 1 })
    expect(options.timeoutMs).toBe(0)
    expect(options.health).toBeUndefined()
  })

  it('takes an argv list with shell: none, so nothing is interpreted', () => {
    expect(parseCommand('["python3", "-c", "print($HOME)"]', 'none')).toEqual({
      argv: ['python3', '-c', 'print($HOME)']
    })
    expect(userErrorOf(() => parseCommand('python3 -c x', 'none')).message).toMatch(
      /JSON list of strings/
    )
  })

  it('suggests a shell for a typo', () => {
    expect(userErrorOf(() => parseCommand('x', 'bsh')).message).toMatch(/Did you mean 'bash'\?/)
  })

  it('makes a constant delay with no jitter', () => {
    expect(
      parseHealOptions({ command: 'x', constantDelay: 'true', retryDelay: '2' }).policy.backoff
    ).toMatchObject({ initialMs: 2000, factor: 1, jitter: 0 })
  })

  it('reads retry-on as categories and exit codes', () => {
    expect(parseRetryOn('network, timeout\n75')).toEqual({
      categories: ['network', 'timeout'],
      exitCodes: [75]
    })
    expect(userErrorOf(() => parseRetryOn('netwrk')).message).toMatch(/Did you mean 'network'\?/)
  })

  it('names health-url, not url, when the health URL is bad', () => {
    expect(
      userErrorOf(() => parseHealOptions({ command: 'x', healthUrl: 'localhost:8000' })).location
        .input
    ).toBe('health-url')
  })

  it.each([
    ['command', ''],
    ['maxAttempts', '0'],
    ['retryDelay', '-1'],
    ['timeoutSeconds', 'soon'],
    ['constantDelay', 'yes']
  ] as const)('rejects %s=%p', (key, value) => {
    expect(() => parseHealOptions({ command: 'x', [key]: value })).toThrow()
  })

  it('rejects a delay cap below the base delay', () => {
    expect(
      userErrorOf(() => parseHealOptions({ command: 'x', retryDelay: '10', maxDelay: '5' }))
        .location.input
    ).toBe('max-delay')
  })

  it('reads on-unknown as model, retry or stop, model by default', () => {
    expect(parseHealOptions({ command: 'x' }).policy.onUnknown).toBe(HEAL_DEFAULTS.onUnknown)
    expect(HEAL_DEFAULTS.onUnknown).toBe('model')
    expect(parseHealOptions({ command: 'x', onUnknown: 'retry' }).policy.onUnknown).toBe('retry')
    expect(parseHealOptions({ command: 'x', onUnknown: 'stop' }).policy.onUnknown).toBe('stop')
    const error = userErrorOf(() => parseHealOptions({ command: 'x', onUnknown: 'rety' }))
    expect([error.location.input, error.message, error.fix]).toEqual([
      'on-unknown',
      "'rety' is not a choice for unknown failures. Did you mean 'retry'?",
      'Set on-unknown to model (retry what the corpus model reads as network or health_check), retry (retry with backoff, like a transient failure) or stop (never retry).'
    ])
  })

  it('retries unknown failures when retry-on names unknown, whatever on-unknown says', () => {
    // the runner passes action.yml's default, so on-unknown: model arrives as if set by hand
    expect(
      parseHealOptions({ command: 'x', onUnknown: 'model', retryOn: 'unknown' }).policy.onUnknown
    ).toBe('retry')
    expect(
      parseHealOptions({ command: 'x', onUnknown: 'stop', retryOn: 'unknown' }).policy.onUnknown
    ).toBe('retry')
    expect(parseHealOptions({ command: 'x', retryOn: 'network' }).policy.onUnknown).toBe('model')
  })
})
