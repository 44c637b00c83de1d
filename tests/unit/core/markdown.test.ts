import { describe, expect, it } from '@jest/globals'

import {
  clip,
  escapeInert,
  escapeMarkdown,
  fitChars,
  inlineCode,
  markdownLink,
  markdownTable
} from '../../../src/core/markdown.js'

describe('markdown from outside text', () => {
  it('escapes links, emphasis, tables and HTML', () => {
    expect(escapeMarkdown('[x](evil) *b* | <img src=x>')).toBe(
      '\\[x\\]\\(evil\\) \\*b\\* \\| \\<img src=x\\>'
    )
  })

  it('escapes the colon of a scheme that is not http(s), so that the autolink extension makes no link of it', () => {
    expect(escapeMarkdown('see ftp://x or javascript://y')).toBe(
      'see ftp\\://x or javascript\\://y'
    )
    expect(escapeMarkdown('error: timeout')).toBe('error: timeout')
  })

  it('never escapes a URL: it becomes an autolink, without the punctuation after it', () => {
    const url = 'https://github.com/acme/shop/blob/main/docs/x_y.md?a=1&b=*2*#x'
    expect(escapeMarkdown(`see ${url}.`)).toBe(`see <${url}>\\.`)
    expect(escapeMarkdown(`(at https://a.example/b_(c))`)).toBe(
      '\\(at <https://a.example/b_(c)>\\)'
    )
    expect(escapeMarkdown('http:// alone')).toBe('http\\:// alone')
  })

  it('shows URLs of untrusted text whole in code spans, never as links', () => {
    expect(escapeInert('[x](http://evil.example/a#1) *b*')).toBe(
      '\\[x\\]\\(`http://evil.example/a#1`\\) \\*b\\*'
    )
  })

  it('writes a link whose target is the URL itself, the text escaped', () => {
    expect(markdownLink('the [run]', 'https://x.example/r?a=1&copy=2#x')).toBe(
      '[the \\[run\\]](<https://x.example/r?a=1&amp;copy=2#x>)'
    )
    expect(markdownLink('t', 'https://x.example/a b<c>')).toBe(
      '[t](<https://x.example/a%20b%3Cc%3E>)'
    )
  })

  it('breaks mentions and issue references with a zero-width space', () => {
    expect(escapeMarkdown('@org/team #4242')).toBe('@\u200borg/team \\#\u200b4242')
  })

  it('keeps text on one line, whatever its line endings (a lone CR ends a line too)', () => {
    expect(escapeMarkdown('a\nb\r\nc\rd')).toBe('a b c d')
    expect(inlineCode('a\rb')).toBe('`a b`')
  })

  it('makes a code span that backticks in the text cannot close', () => {
    expect(inlineCode('a`b')).toBe('``a`b``')
    expect(inlineCode('`x`')).toBe('`` `x` ``')
  })

  it('builds a table', () => {
    expect(markdownTable(['a', 'b'], [['1', '2']])).toBe('| a | b |\n| --- | --- |\n| 1 | 2 |')
  })

  it('escapes a pipe inside a code span in a cell, so that it cannot end the cell', () => {
    expect(markdownTable(['a'], [[inlineCode('x | <img>')]])).toBe(
      '| a |\n| --- |\n| `x \\| <img>` |'
    )
    expect(markdownTable(['a'], [[escapeMarkdown('x | y')]])).toBe('| a |\n| --- |\n| x \\| y |')
  })
})

describe('cutting to a size', () => {
  const text = (lines: number, width: number): string =>
    Array.from({ length: lines }, (_, i) => String(i).padEnd(width, 'x')).join('\n')

  it('leaves text of exactly the limit alone and cuts one character more at a line end', () => {
    const exact = text(10, 9) + 'x'.repeat(100 - 99)
    expect(exact).toHaveLength(100)
    expect(fitChars(exact, 100, 'NOTE')).toBe(exact)
    const over = `${exact}y`
    const cut = fitChars(over, 100, 'NOTE')
    expect(cut.length).toBeLessThanOrEqual(100)
    expect(cut.endsWith('\n\nNOTE')).toBe(true)
    expect(
      cut
        .split('\n\n')[0]!
        .split('\n')
        .every(line => line.length === 9)
    ).toBe(true)
  })

  it('counts characters, not bytes: 65,536 characters of three-byte text are not cut', () => {
    const wide = '表'.repeat(65_536)
    expect(Buffer.byteLength(wide)).toBe(3 * 65_536)
    expect(fitChars(wide, 65_536, 'NOTE')).toBe(wide)
  })

  it('never cuts inside a surrogate pair', () => {
    const cut = fitChars('😀'.repeat(20), 15, 'N')
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/)
    expect(clip('😀'.repeat(5), 4)).toBe('😀…')
  })

  it('clips long text with an ellipsis, and leaves short text alone', () => {
    expect(clip('abcdef', 4)).toBe('abc…')
    expect(clip('abcd', 4)).toBe('abcd')
  })
})
