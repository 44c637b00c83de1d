import { describe, expect, it } from '@jest/globals'

import { lastLine, repeatOf, timeoutShape } from '../../../../src/core/heal/repeats.js'

describe('a failure repeating itself', () => {
  it('stops a second timeout with the same last line, or with no output both times', () => {
    const hung = { timedOut: true, lastLine: 'waiting for lock' }
    expect(repeatOf(hung, { ...hung })?.reason).toBe(
      'it hung the same way twice: a third attempt would hang again'
    )
    expect(repeatOf(hung, { ...hung })?.nextStep).toMatch(
      /stopped after printing 'waiting for lock'/
    )
    expect(
      repeatOf({ timedOut: true, lastLine: '' }, { timedOut: true, lastLine: '' })?.nextStep
    ).toMatch(/printed nothing before the timeout/)
  })

  it('lets a timeout that hung elsewhere, or followed another failure, be retried', () => {
    expect(
      repeatOf({ timedOut: true, lastLine: 'step 1' }, { timedOut: true, lastLine: 'step 2' })
    ).toBeUndefined()
    expect(
      repeatOf({ timedOut: false, lastLine: 'x' }, { timedOut: true, lastLine: 'x' })
    ).toBeUndefined()
    expect(repeatOf(undefined, { timedOut: true, lastLine: 'x' })).toBeUndefined()
  })

  it('stops a timeout the tool reported twice alike, its numbers aside', () => {
    const first = { timedOut: false, lastLine: 'a', toolTimeout: timeoutShape('TIMEOUT in 61.0s') }
    const again = { timedOut: false, lastLine: 'b', toolTimeout: timeoutShape('TIMEOUT in 60.2s') }
    expect(repeatOf(first, again)?.reason).toBe(
      'it timed out the same way twice: a third attempt would time out again'
    )
    expect(repeatOf(first, again)?.nextStep).toMatch(/both attempts ended with 'TIMEOUT in #s'/)
    expect(
      repeatOf(first, { timedOut: false, lastLine: 'b', toolTimeout: 'Timed out waiting for db' })
    ).toBeUndefined()
    expect(repeatOf({ timedOut: false, lastLine: 'a' }, again)).toBeUndefined()
  })

  it('stops when the module the sentinel installed is missing again', () => {
    const before = { timedOut: false, lastLine: '', missing: 'acme_sdk', fixed: 'acme_sdk' }
    expect(repeatOf(before, { timedOut: false, lastLine: '', missing: 'acme_sdk' })?.reason).toBe(
      "the fix did not take: 'acme_sdk' is still missing after the sentinel installed it"
    )
    expect(
      repeatOf(before, { timedOut: false, lastLine: '', missing: 'other_mod' })
    ).toBeUndefined()
    expect(
      repeatOf(
        { ...before, fixed: undefined },
        { timedOut: false, lastLine: '', missing: 'acme_sdk' }
      )
    ).toBeUndefined()
  })

  it('reads the last non-empty line of the output', () => {
    expect(lastLine('a\n  waiting  \n\n\n')).toBe('waiting')
    expect(lastLine('')).toBe('')
  })
})
