import { describe, expect, it } from '@jest/globals'

import { loadLocated } from '../../../../src/core/yaml/located.js'
import { userErrorOf } from '../../../helpers/errors.js'

const source = `slo_targets:
  mttr_seconds: 45
scenarios:
  - name: "CPU Stress"
    type: cpu_exhaust
  - name: Delay
    parameters: {delay_ms: 50}
`

describe('YAML with positions', () => {
  it('parses values and locates keys and list items', () => {
    const doc = loadLocated('s.yml', source)
    expect(doc.value).toMatchObject({ slo_targets: { mttr_seconds: 45 } })
    expect(doc.at(['slo_targets', 'mttr_seconds'])).toEqual({ line: 2, column: 3 })
    expect(doc.at(['scenarios', 1])).toEqual({ line: 6, column: 5 })
    expect(doc.at(['scenarios', 1, 'name'])).toEqual({ line: 6, column: 5 })
    expect(doc.at(['scenarios', 0, 'type'])).toEqual({ line: 5, column: 5 })
    expect(doc.at(['scenarios', 1, 'parameters', 'delay_ms'])).toEqual({ line: 7, column: 18 })
  })

  it('falls back to the nearest known ancestor', () => {
    expect(loadLocated('s.yml', source).at(['scenarios', 0, 'missing'])).toEqual({
      line: 4,
      column: 5
    })
  })

  it('locates every key of a large file', () => {
    const count = 2_000
    const text = ['scenarios:']
    for (let i = 0; i < count; i++)
      text.push(`  - name: s${i}`, `    parameters: {delay_ms: ${i}, jitter_ms: 1}`)
    const doc = loadLocated('big.yml', `${text.join('\n')}\n`)
    for (let i = 0; i < count; i++) {
      expect(doc.at(['scenarios', i, 'name'])).toEqual({ line: 2 + 2 * i, column: 5 })
      expect(doc.at(['scenarios', i, 'parameters', 'jitter_ms'])).toEqual({
        line: 3 + 2 * i,
        column: 30 + String(i).length
      })
    }
  })

  it('locates the keys after a key that is an alias', () => {
    const doc = loadLocated('k.yml', 'names: [&k key]\nmap:\n  *k : 1\n  after: 2\n')
    expect(doc.value).toEqual({ names: ['key'], map: { key: 1, after: 2 } })
    expect(doc.at(['map', 'after'])).toEqual({ line: 4, column: 3 })
  })

  it('reports a syntax error with its line and column', () => {
    const error = userErrorOf(() => loadLocated('s.yml', 'a: [1\nb: 2\n'))
    expect(error.location).toMatchObject({ file: 's.yml', line: 2, column: 1 })
  })
})
