import { readFileSync } from 'node:fs'

import { describe, expect, it } from '@jest/globals'

import { VERSION } from '../../src/core/version.js'

describe('the version', () => {
  it('written into results files equals package.json', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8')
    ) as { version: string }
    expect(VERSION).toBe(pkg.version)
  })
})
