/** actions/audit through the bundled dist/audit/index.js, on copies of the fixture projects. */
import { readFileSync } from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import type { AuditPayload } from '../../src/core/audit/report.js'
import { parseResults } from '../../src/core/results/codec.js'
import { type ActionRun, runAction } from '../helpers/action-runner.js'
import { fixtureCopy } from '../helpers/fixtures.js'

function payloadOf(run: ActionRun): AuditPayload {
  const file = path.join(run.workspace, run.outputs['results-file']!)
  return parseResults<AuditPayload>(file, readFileSync(file, 'utf8'), 'audit').payload
}

describe('actions/audit (bundled)', () => {
  it('fails on missing dependencies with annotations at the import lines, a report and a results file', async () => {
    const dir = await fixtureCopy('audit/py-requirements')
    const run = await runAction('audit', { workspace: dir })
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({
      missing: '3',
      unused: '1',
      findings: '6',
      changes: '0',
      'report-file': 'chaos-results/audit-report.md'
    })
    const errors = run.annotations.filter(a => a.level === 'error' && a.properties.file)
    expect(errors.map(a => `${a.properties.file}:${a.properties.line}`)).toEqual([
      'app/main.py:3',
      'app/main.py:4',
      'app/main.py:5'
    ])
    expect(errors[0]!.message).toMatch(/'yaml' is imported .* declare PyYAML/)
    expect(errors[0]!.properties.title).toBe('chaos-ci audit: missing')
    expect(run.annotations.filter(a => a.level === 'warning').map(a => a.properties.title)).toEqual(
      ['chaos-ci audit: misplaced-dev', 'chaos-ci audit: unused', 'chaos-ci audit: stdlib-declared']
    )
    expect(readFileSync(path.join(dir, 'chaos-results/audit-report.md'), 'utf8')).toMatch(
      /### ❌ chaos-ci audit: 3 missing/
    )
    expect(payloadOf(run).counts).toEqual({
      missing: 3,
      'missing-optional': 0,
      unused: 1,
      'misplaced-dev': 1,
      'stdlib-declared': 1
    })
    expect(run.summary).toContain('chaos-ci audit')
  })

  it('passes when fail-on is none, and fixes safely when asked', async () => {
    const dir = await fixtureCopy('audit/py-requirements')
    const run = await runAction('audit', {
      workspace: dir,
      inputs: { fix: 'true', 'fail-on': 'unused' }
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({ missing: '1', changes: '2' })
    expect(readFileSync(path.join(dir, 'requirements.txt'), 'utf8')).toMatch(
      /\nPyYAML\nscikit-learn\n$/
    )
    expect(payloadOf(run).dependency_changes.map(c => c.action)).toEqual([
      'added',
      'added',
      'suggested'
    ])
    const none = await runAction('audit', {
      workspace: await fixtureCopy('audit/py-requirements'),
      inputs: { 'fail-on': 'none' }
    })
    expect(none.exitCode).toBe(0)
  })

  it('shows the diff of a dry run in the log and writes nothing', async () => {
    const dir = await fixtureCopy('audit/py-namespace')
    const before = readFileSync(path.join(dir, 'requirements.txt'), 'utf8')
    const run = await runAction('audit', {
      workspace: dir,
      inputs: { 'dry-run': 'true', 'fail-on': 'none' }
    })
    expect(run.stdout).toContain('+google-cloud-bigquery')
    expect(readFileSync(path.join(dir, 'requirements.txt'), 'utf8')).toBe(before)
  })

  it('rejects install without fix, and a bad fail-on, by name', async () => {
    const dir = await fixtureCopy('audit/py-poetry')
    const install = await runAction('audit', { workspace: dir, inputs: { install: 'true' } })
    expect(install.exitCode).toBe(1)
    expect(install.annotations[0]!.message).toMatch(/^input 'install': install needs fix/)
    const failOn = await runAction('audit', { workspace: dir, inputs: { 'fail-on': 'mising' } })
    expect(failOn.annotations[0]!.message).toMatch(
      /unknown finding 'mising'\. Did you mean 'missing'\?/
    )
  })

  it('names the file and line of a malformed manifest', async () => {
    const dir = await fixtureCopy('audit/node-ts')
    const { writeFile } = await import('node:fs/promises')
    await writeFile(
      path.join(dir, 'package.json'),
      '{\n  "dependencies": {\n    "a": "1",\n  }\n}\n'
    )
    const run = await runAction('audit', { workspace: dir })
    expect(run.exitCode).toBe(1)
    expect(run.annotations[0]!.message).toMatch(/^package\.json:4:\d+: not valid JSON/)
  })
})
