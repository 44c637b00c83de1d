import { describe, expect, it } from '@jest/globals'

import { describeError } from '../../../../src/core/errors.js'
import { HEALTH_DEFAULTS, parseHealthOptions } from '../../../../src/core/health/options.js'
import { userErrorOf } from '../../../helpers/errors.js'

describe('health options', () => {
  it('fills in the documented defaults', () => {
    const options = parseHealthOptions({ url: 'http://127.0.0.1:8000/api/health' })
    expect(options.requiredSuccesses).toBe(HEALTH_DEFAULTS.requiredSuccesses)
    expect(options.timeoutMs).toBe(HEALTH_DEFAULTS.timeoutSeconds * 1000)
    expect(options.requestTimeoutMs).toBe(HEALTH_DEFAULTS.requestTimeoutSeconds * 1000)
    expect(options.backoff).toMatchObject({ initialMs: 1000, maxMs: 10_000 })
    expect(options.expectedStatus.text).toBe('200-299')
    expect(options.body).toBeUndefined()
  })

  it('reads one URL per line, skipping blanks and comments', () => {
    const options = parseHealthOptions({
      url: 'http://a.test/health\n\n# readiness:\n  https://b.test/ready  \n'
    })
    expect(options.urls.map(url => url.href)).toEqual([
      'http://a.test/health',
      'https://b.test/ready'
    ])
  })

  it('rejects a malformed URL, naming the input and showing a full URL', () => {
    const error = userErrorOf(() => parseHealthOptions({ url: 'localhost:8000/api/health' }))
    expect(error.location.input).toBe('url')
    expect(describeError(error)).toMatch(
      /'localhost:8000\/api\/health' is not an absolute http\(s\) URL[\s\S]*Fix: .*http:\/\/localhost:8000/
    )
  })

  it('rejects a missing URL', () => {
    expect(userErrorOf(() => parseHealthOptions({ url: '  ' })).location.input).toBe('url')
  })

  it('rejects a negative timeout with the allowed range', () => {
    const error = userErrorOf(() =>
      parseHealthOptions({ url: 'http://a.test', timeoutSeconds: '-5' })
    )
    expect(error.location.input).toBe('timeout-seconds')
    expect(error.message).toMatch(/'-5' is not a number from 0 to 86400/)
  })

  it.each([
    ['requiredSuccesses', '2.5', 'required-successes'],
    ['requiredSuccesses', '0', 'required-successes'],
    ['intervalSeconds', 'soon', 'interval-seconds'],
    ['requestTimeoutSeconds', '0', 'request-timeout-seconds'],
    ['expectedStatus', '2OO', 'expected-status'],
    ['body', '{healthy: true}', 'body']
  ] as const)('rejects %s=%p, naming %s', (key, value, input) => {
    expect(
      userErrorOf(() => parseHealthOptions({ url: 'http://a.test', [key]: value })).location.input
    ).toBe(input)
  })

  it('rejects a backoff cap below the interval', () => {
    const error = userErrorOf(() =>
      parseHealthOptions({ url: 'http://a.test', intervalSeconds: '5', maxIntervalSeconds: '2' })
    )
    expect(error.location.input).toBe('max-interval-seconds')
  })

  it('raises the default cap to a long interval instead of failing', () => {
    expect(parseHealthOptions({ url: 'http://a.test', intervalSeconds: '30' }).backoff.maxMs).toBe(
      30_000
    )
  })
})
