import { describe, expect, it } from '@jest/globals'

import { lineColumnAt, lineIndex } from '../../../src/core/text/position.js'
import { closest, didYouMean, editDistance } from '../../../src/core/text/suggest.js'

describe('text helpers', () => {
  it('maps offsets to 1-based lines and columns', () => {
    expect(lineColumnAt('ab\ncd\nef', 0)).toEqual({ line: 1, column: 1 })
    expect(lineColumnAt('ab\ncd\nef', 4)).toEqual({ line: 2, column: 2 })
  })

  it('finds the line and column of every offset as a scan from the start would', () => {
    const scan = (text: string, offset: number) => {
      const lines = text.slice(0, Math.max(0, offset)).split('\n')
      return { line: lines.length, column: lines[lines.length - 1]!.length + 1 }
    }
    for (const text of ['', '\n', 'a', '\n\nab\r\n\ncd\n', 'x\n'.repeat(500) + 'tail']) {
      const at = lineIndex(text)
      for (let offset = -2; offset <= text.length + 2; offset++)
        expect(at(offset)).toEqual(scan(text, offset))
    }
  })

  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3)
    expect(editDistance('', 'abc')).toBe(3)
  })

  it('suggests the closest known word for a typo, and nothing for a stranger', () => {
    expect(closest('retryabel', ['retryable', 'pattern', 'category'])).toBe('retryable')
    expect(closest('Catgory', ['retryable', 'pattern', 'category'])).toBe('category')
    expect(didYouMean('zzzzzz', ['retryable', 'pattern'])).toBe('')
    expect(didYouMean('patern', ['retryable', 'pattern'])).toBe(" Did you mean 'pattern'?")
  })
})

describe('did you mean: a name without its unit (issue #20)', () => {
  it('suggests the one parameter that is the word with a unit after it', () => {
    expect(didYouMean('delay', ['delay_ms', 'jitter_ms', 'interface'])).toBe(
      " Did you mean 'delay_ms'?"
    )
    expect(closest('error_rate', ['status', 'error_rate_percent'])).toBe('error_rate_percent')
    // Two such candidates: no guess.
    expect(closest('delay', ['delay_ms', 'delay_seconds'])).toBeUndefined()
  })
})
