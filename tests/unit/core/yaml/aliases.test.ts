import { describe, expect, it } from '@jest/globals'
import * as yaml from 'js-yaml'

import { parseAuditConfig } from '../../../../src/core/audit/config.js'
import { parseRules } from '../../../../src/core/heal/rules-file.js'
import { parseScenarioFile } from '../../../../src/core/scenarios/parse.js'
import { readSloMap } from '../../../../src/core/slo/layers.js'
import { parseRequests } from '../../../../src/core/traffic/requests.js'
import { checkAliases, MAX_ALIAS_EXPANSION } from '../../../../src/core/yaml/aliases.js'
import { loadLocated } from '../../../../src/core/yaml/located.js'
import { userErrorOf } from '../../../helpers/errors.js'

/**
 * "Billion laughs": `a` is a list of ten strings and each next anchor a list of ten aliases of the
 * one before. Six levels stand for a million strings: without the limit the parsers below return (or
 * serialise a million-item body) and every assertion on the UserError fails.
 */
function laughs(levels: number, indent: string): string[] {
  const names = 'abcdefghij'.slice(0, levels).split('')
  return names.map((name, i) =>
    i === 0
      ? `${indent}${name}: &${name} [${Array(10).fill('"x"').join(', ')}]`
      : `${indent}${name}: &${name} [${Array(10)
          .fill(`*${names[i - 1]}`)
          .join(', ')}]`
  )
}

/** The scenario file with the bomb as a parameter of its one scenario. */
const SCENARIO_BOMB = [
  'scenarios:',
  '  - name: laughs',
  '    type: network_delay',
  '    intensity: light',
  '    duration: 5',
  '    parameters:',
  '      expected_impact:',
  ...laughs(6, '        '),
  '      delay_ms: *f',
  ''
].join('\n')

/** The `requests` input as a YAML list whose first body is the bomb. */
const REQUESTS_BOMB = [
  '- method: POST',
  '  path: /orders',
  '  body:',
  ...laughs(6, '    '),
  '- {method: POST, path: /orders, body: *f}',
  ''
].join('\n')

/**
 * Where the limit is crossed: `a` costs 21 (itself and ten 1-character strings), `b` ten times that
 * plus one, and so on; the aliases of a, b and c add 23,430, and the fourth `*d` of line `e` takes the
 * total past 100,000.
 */
function expectAliasError(error: Error, text: string, file: string): void {
  const line = text.split('\n').findIndex(l => l.trimStart().startsWith('e: &e'))
  const column = text.split('\n')[line]!.split('*d', 4).join('*d').length + 1
  expect(error.message).toBe('YAML aliases expand to more than 100,000 characters (here, *d).')
  expect(error).toMatchObject({
    location: { file, line: line + 1, column },
    fix: 'Write the values out, or use fewer aliases.'
  })
}

describe('the YAML alias limit', () => {
  it('turns an alias bomb in a scenario file into a UserError at the alias, with the fix', () => {
    const error = userErrorOf(() => parseScenarioFile('chaos.yml', SCENARIO_BOMB))
    expectAliasError(error, SCENARIO_BOMB, 'chaos.yml')
    expect(error.location).toEqual({ file: 'chaos.yml', line: 12, column: 28 })
  })

  it('turns an alias bomb in the requests input into a UserError located in the input', () => {
    const error = userErrorOf(() => parseRequests(REQUESTS_BOMB, 'requests'))
    expectAliasError(error, REQUESTS_BOMB, "input 'requests'")
  })

  it.each([
    ['healing rules', (text: string) => parseRules('heal-rules.yml', text)],
    ['the audit config', (text: string) => parseAuditConfig('audit.yml', text)],
    [
      'an SLO file',
      (text: string) =>
        readSloMap(loadLocated('slos.yml', text), [], 'slos.yml', { levels: true, recovery: true })
    ]
  ])('holds %s to the same limit', (_, parse) => {
    const text = ['x:', ...laughs(6, '  '), ''].join('\n')
    expect(userErrorOf(() => parse(text)).message).toMatch(/^YAML aliases expand to more than/)
  })

  it('still parses an anchor reused three times', () => {
    const file = parseScenarioFile(
      'chaos.yml',
      [
        'scenarios:',
        '  - {name: a, type: network_delay, intensity: light, duration: 5, parameters: &p {delay_ms: 50}}',
        '  - {name: b, type: network_delay, intensity: light, duration: 5, parameters: *p}',
        '  - {name: c, type: network_delay, intensity: light, duration: 5, parameters: *p}',
        '  - {name: d, type: network_delay, intensity: light, duration: 5, parameters: *p}',
        ''
      ].join('\n')
    )
    expect(file.scenarios.map(s => s.parameters)).toEqual(Array(4).fill({ delay_ms: 50 }))
    expect(file.scenarios.map(s => s.line)).toEqual([2, 3, 4, 5])
  })

  it('counts what each alias repeats, nested aliases included, up to the limit and not past it', () => {
    // &a is 5 (itself, then "1" and "2" at 2 each); &b repeats it twice: 11; the aliases add 5+5+11+11
    const text = 'a: &a [1, 2]\nb: &b [*a, *a]\nc: *b\nd: *b\n'
    const events = yaml.parseEvents(text, {})
    const locate = (offset: number) => ({ file: 'x.yml', line: 1, column: offset + 1 })
    expect(() => checkAliases(events, text, locate, 32)).not.toThrow()
    expect(userErrorOf(() => checkAliases(events, text, locate, 31)).location).toEqual({
      file: 'x.yml',
      line: 1,
      column: text.lastIndexOf('*b') + 1
    })
    expect(MAX_ALIAS_EXPANSION).toBe(100_000)
  })

  it('refuses an alias inside the value of its own anchor (a cycle) at that alias', () => {
    const error = userErrorOf(() => loadLocated('x.yml', 'a: &a\n  b: [1, *a]\n'))
    expect(error.message).toBe(
      'the YAML alias *a is inside the value its anchor &a names (a cycle).'
    )
    expect(error.location).toEqual({ file: 'x.yml', line: 2, column: 10 })
  })

  it('follows a redefined anchor as the parser does: the latest definition wins', () => {
    const doc = loadLocated('x.yml', 'a: &x [1]\nb: &x 2\nc: *x\n')
    expect(doc.value).toEqual({ a: [1], b: 2, c: 2 })
  })
})
