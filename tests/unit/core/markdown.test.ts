import { describe, expect, it } from '@jest/globals'

import { escapeMarkdown, inlineCode, markdownTable } from '../../../src/core/markdown.js'

describe('markdown from outside text', () => {
  it('escapes links, emphasis, tables and HTML', () => {
    expect(escapeMarkdown('[x](http://evil) *b* | <img src=x>')).toBe(
      '\\[x\\]\\(http://evil\\) \\*b\\* \\| \\<img src=x\\>'
    )
  })

  it('keeps text on one line', () => {
    expect(escapeMarkdown('a\nb')).toBe('a b')
  })

  it('makes a code span that backticks in the text cannot close', () => {
    expect(inlineCode('a`b')).toBe('``a`b``')
    expect(inlineCode('`x`')).toBe('`` `x` ``')
  })

  it('builds a table', () => {
    expect(markdownTable(['a', 'b'], [['1', '2']])).toBe('| a | b |\n| --- | --- |\n| 1 | 2 |')
  })
})
