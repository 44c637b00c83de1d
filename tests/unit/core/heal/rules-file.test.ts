import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import { describeError } from '../../../../src/core/errors.js'
import { BUILTIN_RULES } from '../../../../src/core/heal/rules.js'
import {
  isInlineRules,
  loadRules,
  mergeRules,
  parseRules
} from '../../../../src/core/heal/rules-file.js'
import { userErrorOf } from '../../../helpers/errors.js'

const noFiles = async (): Promise<string> =>
  Promise.reject(Object.assign(new Error('nope'), { code: 'ENOENT' }))

describe('user rules', () => {
  it('reads a rules file with defaults taken from the category', () => {
    const rules = parseRules(
      'rules.yml',
      "rules:\n  - name: registry\n    category: network\n    pattern: 'E503'\n  - name: lint\n    category: test\n    exit-codes: [2, 3]\n"
    )
    expect(rules).toHaveLength(2)
    expect(rules[0]).toMatchObject({
      name: 'registry',
      category: 'network',
      retryable: true,
      strategy: 'backoff',
      source: 'rules.yml'
    })
    expect(rules[0]!.pattern?.test('npm ERR! code E503')).toBe(true)
    expect(rules[1]).toMatchObject({ exitCodes: [2, 3], retryable: false, strategy: 'none' })
  })

  it('accepts a bare list and ignore-case', () => {
    const [rule] = parseRules(
      'r.yml',
      '- name: a\n  category: network\n  pattern: flaky\n  ignore-case: true\n'
    )
    expect(rule!.pattern?.test('FLAKY')).toBe(true)
  })

  it('puts user rules first and replaces a built-in of the same name', () => {
    const user = parseRules(
      'r.yml',
      "- name: missing-file\n  category: network\n  pattern: 'No such file'\n"
    )
    const merged = mergeRules(user, BUILTIN_RULES)
    expect(merged[0]!.name).toBe('missing-file')
    expect(merged[0]!.category).toBe('network')
    expect(merged.filter(rule => rule.name === 'missing-file')).toHaveLength(1)
    expect(merged).toHaveLength(BUILTIN_RULES.length)
  })

  it('reports a bad regex with the rule name, file, line and column', () => {
    const error = userErrorOf(() =>
      parseRules(
        'heal-rules.yml',
        "rules:\n  - name: broken\n    category: network\n    pattern: '(unclosed'\n"
      )
    )
    expect(describeError(error)).toMatch(
      /^heal-rules\.yml:4:5: rules\[0\]\.pattern: rule 'broken' has an invalid pattern: .*\nFix: /
    )
  })

  it('suggests the key that was meant', () => {
    const error = userErrorOf(() =>
      parseRules('r.yml', '- name: a\n  category: network\n  pattern: x\n  retryabel: true\n')
    )
    expect(error.location).toMatchObject({ file: 'r.yml', line: 4, column: 3 })
    expect(error.message).toBe("[0].retryabel: unknown key 'retryabel'. Did you mean 'retryable'?")
  })

  it('suggests the category that was meant', () => {
    const error = userErrorOf(() =>
      parseRules('r.yml', '- name: a\n  category: netwrok\n  pattern: x\n')
    )
    expect(error.message).toMatch(/'netwrok' is not allowed\. Did you mean 'network'\?/)
    expect(error.location.line).toBe(2)
  })

  it.each([
    ['a rule without a category', '- name: a\n  pattern: x\n', /category: is required/],
    ['a rule that matches nothing', '- name: a\n  category: network\n', /matches nothing/],
    [
      'two rules with one name',
      '- {name: a, category: network, pattern: x}\n- {name: a, category: test, pattern: y}\n',
      /defined twice/
    ],
    [
      'exit codes out of range',
      '- {name: a, category: network, exit-codes: [300]}\n',
      /whole numbers from 0 to 255/
    ],
    [
      'a mapping with other top-level keys',
      'rulez: []\n',
      /unknown key 'rulez'. Did you mean 'rules'\?/
    ],
    ['a YAML syntax error', 'rules:\n  - name: a\n   category: x\n', /YAML syntax error/]
  ])('rejects %s', (_name, text, message) => {
    const error = userErrorOf(() => parseRules('r.yml', text))
    expect(error.message).toMatch(message)
    expect(error.location.file).toBe('r.yml')
    expect(error.location.line).toBeGreaterThan(0)
  })

  it('tells inline YAML from a file path', () => {
    expect(isInlineRules('ci/heal-rules.yml')).toBe(false)
    expect(isInlineRules('- name: a')).toBe(true)
    expect(isInlineRules('rules:\n  - name: a')).toBe(true)
  })

  it('loads built-ins alone when no rules are given, and names a missing rules file', async () => {
    expect(await loadRules('', '/tmp', BUILTIN_RULES, noFiles)).toEqual([...BUILTIN_RULES])
    await expect(loadRules('ci/rules.yml', '/tmp', BUILTIN_RULES, noFiles)).rejects.toMatchObject({
      location: { file: 'ci/rules.yml' },
      message: 'the rules file does not exist.'
    })
  })

  it('reads .chaos-ci/heal-rules.yml when no rules are given, and puts it first', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'heal-rules-'))
    mkdirSync(path.join(dir, '.chaos-ci'))
    writeFileSync(
      path.join(dir, '.chaos-ci/heal-rules.yml'),
      "rules:\n  - name: flaky-fixture\n    category: network\n    pattern: 'fixture server gone'\n"
    )
    const rules = await loadRules('', dir, BUILTIN_RULES)
    expect(rules[0]).toMatchObject({ name: 'flaky-fixture', source: '.chaos-ci/heal-rules.yml' })
    expect(rules).toHaveLength(BUILTIN_RULES.length + 1)
    // an explicit rules input wins over the conventional file
    expect(
      (await loadRules('- {name: x, category: test, pattern: y}', dir, BUILTIN_RULES))[0]!.name
    ).toBe('x')
    writeFileSync(
      path.join(dir, '.chaos-ci/heal-rules.yml'),
      'rules:\n  - name: a\n    category: nope\n    pattern: b\n'
    )
    await expect(loadRules('', dir, BUILTIN_RULES)).rejects.toMatchObject({
      location: { file: '.chaos-ci/heal-rules.yml', line: 3 }
    })
  })
})
