import { describe, expect, it } from '@jest/globals'

import { lineColumnAt } from '../../../src/core/text/position.js'
import { closest, didYouMean, editDistance } from '../../../src/core/text/suggest.js'

describe('text helpers', () => {
  it('maps offsets to 1-based lines and columns', () => {
    expect(lineColumnAt('ab\ncd\nef', 0)).toEqual({ line: 1, column: 1 })
    expect(lineColumnAt('ab\ncd\nef', 4)).toEqual({ line: 2, column: 2 })
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
