import { describe, expect, it } from '@jest/globals'

import { parseBoolean, parseLines, parseNumber } from '../../../src/core/settings/parse.js'

describe('input parsers', () => {
  it('parses numbers within their range and defaults empty ones', () => {
    expect(parseNumber('n', ' 2.5 ', 1, { min: 0 })).toBe(2.5)
    expect(parseNumber('n', '', 7)).toBe(7)
    expect(parseNumber('n', undefined, 7)).toBe(7)
  })

  it.each(['abc', '1e999', '0x10', '5s', '-1'])('rejects %p as a non-negative number', raw => {
    expect(() => parseNumber('timeout-seconds', raw, 1, { min: 0 })).toThrow(/not a number ≥ 0/)
  })

  it('rejects fractions where a whole number is needed', () => {
    expect(() => parseNumber('count', '1.5', 1, { integer: true, min: 1, max: 9 })).toThrow(
      /whole number from 1 to 9/
    )
  })

  it('accepts only true and false as booleans', () => {
    expect(parseBoolean('b', 'TRUE', false)).toBe(true)
    expect(parseBoolean('b', 'false', true)).toBe(false)
    expect(parseBoolean('b', '', true)).toBe(true)
    expect(() => parseBoolean('fail-on-unhealthy', 'yes', true)).toThrow(
      expect.objectContaining({
        message: "'yes' is not a boolean.",
        fix: 'Set fail-on-unhealthy to true or false.'
      })
    )
  })

  it('splits lines and drops blanks and comments', () => {
    expect(parseLines('a\r\n\n # c\n b ')).toEqual(['a', 'b'])
  })
})
