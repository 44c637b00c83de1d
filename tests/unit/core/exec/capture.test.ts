import { describe, expect, it } from '@jest/globals'

import { OutputCapture } from '../../../../src/core/exec/capture.js'

describe('bounded output capture', () => {
  it('keeps everything while it fits', () => {
    const capture = new OutputCapture({ headChars: 10, tailChars: 10 })
    capture.push('hello ')
    capture.push('world')
    expect(capture.text()).toBe('hello world')
  })

  it('keeps the head and the tail of a flood, and says what it dropped', () => {
    const capture = new OutputCapture({ headChars: 5, tailChars: 5 })
    capture.push('FIRST')
    for (let i = 0; i < 10_000; i++) capture.push('xxxxxxxxxx')
    capture.push('LAST!')
    expect(capture.text()).toBe('FIRST\n[… 100000 characters not kept …]\nLAST!')
    expect(capture.totalChars).toBe(100_010)
  })
})
