/**
 * The real-world audit bench's scoring (bench/audit-real/run.mjs, defined in its README): which root a
 * finding belongs to, what counts right, wrong or not scored, and what a false alarm is.
 */
import { describe, expect, it } from '@jest/globals'

import {
  auditRealSection,
  judgeRun,
  knipFindings,
  ownerRoot
} from '../../../bench/audit-real/run.mjs'

const entry = {
  repo: 'o/n',
  roots: ['.', 'backend', 'frontend'],
  roots_not_checked: ['docs']
}
const e = (name: string, evidence = 'x') => ({ name, evidence, reason: 'r' })
const root = (over: Record<string, unknown> = {}) => ({
  missing: [],
  unused: [],
  used_implicitly: [],
  uncertain: [],
  notes: {},
  ...over
})
const expected = {
  repo: 'o/n',
  commit: 'c',
  roots: {
    '.': root(),
    backend: root({
      missing: [e('django-modelcluster', 'app/models.py:5 imports modelcluster')],
      used_implicitly: [e('email-validator')],
      uncertain: [e('sniffio')]
    }),
    frontend: root({ unused: [e('form-data')] })
  }
}

describe('the audit-real bench scoring', () => {
  it('gives a finding to the deepest listed root holding its file', () => {
    const roots = [...entry.roots, ...entry.roots_not_checked]
    expect(ownerRoot('backend/app/x.py', roots)).toBe('backend')
    expect(ownerRoot('backendish/x.py', roots)).toBe('.')
    expect(ownerRoot('docs/conf.py', roots)).toBe('docs')
  })

  it('scores right, wrong and not-scored findings; used_implicitly reported unused is wrong', () => {
    const run = judgeRun({
      entry,
      expected,
      runRoot: '.',
      findings: [
        { rule: 'missing', name: 'modelcluster', file: 'backend/app/models.py' },
        { rule: 'missing', name: 'tests', file: 'backend/tests/t.py' },
        { rule: 'unused', name: 'email_validator', file: 'backend/pyproject.toml' },
        { rule: 'unused', name: 'form-data', file: 'frontend/package.json' },
        { rule: 'missing', name: 'sniffio', file: 'backend/app/core.py' },
        { rule: 'missing', name: 'whatever', file: 'docs/conf.py' }
      ]
    })
    expect(run.missing).toEqual({ reported: 2, right: 1 })
    expect(run.unused).toEqual({ reported: 2, right: 1 })
    expect([run.foundMissing, run.expectedMissing]).toEqual([1, 1])
    expect(run.falseAlarms).toBe(1)
    expect(run.notScored).toBe(1)
    expect(run.judged.find((j: { file: string }) => j.file === 'docs/conf.py')?.verdict).toBe(
      'unchecked-root'
    )
  })

  it('judges a run from a sub-root only on that root, and counts an unfound missing', () => {
    const run = judgeRun({ entry, expected, runRoot: 'frontend', findings: [] })
    expect([run.foundMissing, run.expectedMissing]).toEqual([0, 0])
    const back = judgeRun({ entry, expected, runRoot: 'backend', findings: [] })
    expect(back.notFound).toEqual([
      {
        root: 'backend',
        name: 'django-modelcluster',
        evidence: 'app/models.py:5 imports modelcluster'
      }
    ])
  })

  it('reads knip JSON: unlisted as missing, unused (dev)dependencies as unused', () => {
    const found = knipFindings(
      {
        issues: [
          {
            file: 'package.json',
            dependencies: [{ name: 'pm2', line: 3 }],
            devDependencies: [{ name: 'jest', line: 9 }],
            unlisted: []
          },
          {
            file: 'src/a.ts',
            dependencies: [],
            devDependencies: [],
            unlisted: [{ name: 'lodash' }]
          }
        ]
      },
      'frontend'
    )
    expect(
      found.map((f: { rule: string; name: string; file: string }) => [f.rule, f.name, f.file])
    ).toEqual([
      ['unused', 'pm2', 'frontend/package.json'],
      ['unused', 'jest', 'frontend/package.json'],
      ['missing', 'lodash', 'frontend/src/a.ts']
    ])
  })

  it('says "not measured" without CHAOS_CI_AUDIT_CORPUS', () => {
    expect(auditRealSection({ env: {} })).toContain('not measured')
  })
})
