import { describe, expect, it } from '@jest/globals'

import { UserError } from '../../../../src/core/errors.js'
import { parseStatusMatcher, statusMatches } from '../../../../src/core/health/status.js'

const matches = (expr: string, status: number): boolean =>
  statusMatches(parseStatusMatcher('expected-status', expr), status)

describe('expected status', () => {
  it('accepts a single code', () => {
    expect(matches('204', 204)).toBe(true)
    expect(matches('204', 200)).toBe(false)
  })

  it('accepts an inclusive range', () => {
    expect(matches('200-299', 200)).toBe(true)
    expect(matches('200-299', 299)).toBe(true)
    expect(matches('200-299', 300)).toBe(false)
  })

  it('accepts a class and a comma-separated mix', () => {
    expect(matches('2xx', 250)).toBe(true)
    expect(matches('200,204, 3xx', 302)).toBe(true)
    expect(matches('200,204, 3xx', 201)).toBe(false)
  })

  it.each(['20x0', '', '600', '299-200', 'ok', '200,,204'])(
    'rejects %p with an error naming the input and the fix',
    raw => {
      expect(() => parseStatusMatcher('expected-status', raw)).toThrow(UserError)
      expect(() => parseStatusMatcher('expected-status', raw)).toThrow(
        expect.objectContaining({
          location: { input: 'expected-status' },
          fix: expect.stringMatching(/200-299/) as unknown
        })
      )
    }
  )
})
