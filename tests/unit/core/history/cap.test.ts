/** The cap on text stored in the history: kept whole up to 4 KiB, else cut with a marker saying how much. */
import { describe, expect, it } from '@jest/globals'

import { cappedJson, capText, MAX_STORED_CHARS } from '../../../../src/core/history/cap.js'

describe('capping stored text', () => {
  it('keeps text up to the cap unchanged', () => {
    const text = 'x'.repeat(MAX_STORED_CHARS)
    expect(capText(text)).toBe(text)
  })

  it('cuts longer text and says how many characters were cut', () => {
    expect(capText('abcdefghij', 4)).toBe('abcd… [cut: 6 more characters]')
    expect(capText('y'.repeat(MAX_STORED_CHARS + 1_234_567))).toBe(
      `${'y'.repeat(MAX_STORED_CHARS)}… [cut: 1,234,567 more characters]`
    )
  })

  it('never keeps half of a surrogate pair', () => {
    expect(capText('abc😀def', 4)).toBe('abc… [cut: 5 more characters]')
  })

  it('caps every string and key inside JSON, and leaves the rest of its shape alone', () => {
    const long = 'z'.repeat(MAX_STORED_CHARS + 10)
    const json = JSON.parse(
      cappedJson({ reason: long, list: [long, 1, null, true], nested: { [long]: 2 } })
    ) as { reason: string; list: unknown[]; nested: Record<string, number> }
    const capped = `${'z'.repeat(MAX_STORED_CHARS)}… [cut: 10 more characters]`
    expect(json).toEqual({ reason: capped, list: [capped, 1, null, true], nested: { [capped]: 2 } })
  })
})
