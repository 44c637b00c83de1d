/**
 * Freeze files: a pip freeze and a pip-compile output, each with pins nothing imports. Their
 * transitive pins are one group per file, not unused findings; a compiled file's direct pin (via
 * -r requirements.in) that nothing imports is still reported, once, in the file a person edits.
 */
import { describe, expect, it } from '@jest/globals'

import { runAudit } from '../../../../src/core/audit/audit.js'
import { defaultConfig } from '../../../../src/core/audit/config.js'
import { auditMarkdown, auditPayload, auditText } from '../../../../src/core/audit/report.js'
import { fixturePath } from '../../../helpers/fixtures.js'

const audit = async (dir: string) =>
  runAudit(fixturePath(`audit/py-freeze/${dir}`), defaultConfig())

describe('freeze files', () => {
  it('groups the unimported pins of a pip freeze once, instead of one unused finding each', async () => {
    const result = await audit('freeze')
    const root = result.frozen.filter(g => g.file === 'requirements.txt')
    expect(root).toHaveLength(1)
    expect(root[0]!.kind).toBe('freeze')
    expect(root[0]!.pins.map(p => p.name).sort()).toEqual(
      [
        'blinker',
        'click',
        'itsdangerous',
        'Jinja2',
        'MarkupSafe',
        'python-dotenv',
        'urllib3',
        'Werkzeug'
      ].sort()
    )
    expect(
      result.findings.filter(f => f.rule === 'unused' && f.file === 'requirements.txt')
    ).toEqual([])
    expect(result.notes.join('\n')).toMatch(
      /requirements\.txt looks like a pip freeze \(10 exact pins\): 8 pin/
    )
  })

  it("reads pip-compile's # via: transitive pins are grouped, a direct pin nothing imports is reported in requirements.in", async () => {
    const result = await audit('compiled')
    const group = result.frozen.find(g => g.file === 'requirements.txt')
    expect(group?.kind).toBe('compiled')
    expect(group?.pins.map(p => `${p.name} via ${p.via?.join(' ')}`)).toEqual([
      'blinker via flask',
      'certifi via requests',
      'click via flask',
      'idna via requests yarl'
    ])
    expect(
      result.findings.filter(f => f.rule === 'unused').map(f => `${f.name}:${f.line}`)
    ).toEqual(['python-dotenv:3'])
    expect(result.findings.find(f => f.rule === 'unused')?.file).toBe('requirements.in')
  })

  it('shows the group in the JSON, the text and the Markdown report', async () => {
    const result = await audit('freeze')
    expect(auditPayload(result, [], 1).frozen_pins[0]!.pins).toHaveLength(8)
    expect(auditText(result)).toMatch(
      /^frozen pins in requirements\.txt that nothing imports \(8, not reported unused\): /m
    )
    expect(auditMarkdown(result, [])).toContain(
      '8 pin(s) of `requirements.txt` that nothing imports (a freeze'
    )
  })

  it('takes exact pins that are mostly imported for the list the project wrote: an unused one is reported', async () => {
    const result = await runAudit(fixturePath('audit/implicit-python'), defaultConfig())
    expect(result.frozen).toEqual([])
    expect(result.findings.map(f => `${f.rule} ${f.name}`)).toEqual(['unused requests'])
  })

  it('keeps a short list of exact pins as the project wrote it: each unused one is a finding', async () => {
    const result = await runAudit(fixturePath('audit/py-requirements'), defaultConfig())
    expect(result.frozen).toEqual([])
  })
})
