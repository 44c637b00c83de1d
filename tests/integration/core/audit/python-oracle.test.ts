/**
 * The accuracy oracle: for every file of the machine's Python standard library (and examples/) that
 * CPython's own ast parses, our extracted absolute imports (line and top-level name) must be identical.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import { pythonImports } from '../../../../src/core/audit/python/imports.js'
import { ROOT } from '../../../helpers/action-runner.js'

function pythonFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(
      entry =>
        entry.isFile() &&
        entry.name.endsWith('.py') &&
        !path.join(entry.parentPath, entry.name).includes('site-packages')
    )
    .map(entry => path.join(entry.parentPath, entry.name))
}

describe('Python import extraction against CPython ast', () => {
  it('matches ast on every file of the standard library and examples/ that ast parses', () => {
    const stdlib = execFileSync('python3', [
      '-c',
      'import sysconfig; print(sysconfig.get_paths()["stdlib"])'
    ])
      .toString()
      .trim()
    const files = [
      ...pythonFiles(stdlib),
      ...pythonFiles(path.join(ROOT, 'examples')),
      ...pythonFiles(path.join(ROOT, 'bench'))
    ]
    const oracle = execFileSync('python3', [path.join(ROOT, 'scripts/oracles/python_imports.py')], {
      input: files.join('\n'),
      maxBuffer: 1 << 30
    })
      .toString()
      .trim()
      .split('\n')
      .map(line => JSON.parse(line) as { file: string; imports?: string[]; error?: string })
    const parsed = oracle.filter(entry => entry.imports)
    const differences = parsed.flatMap(entry => {
      const ours = [
        ...new Set(
          pythonImports(readFileSync(entry.file, 'utf8'))
            .imports.filter(i => i.level === 0 && !i.tags.has('dynamic'))
            .map(i => `${i.line}:${i.top}`)
        )
      ].sort()
      return JSON.stringify(ours) === JSON.stringify(entry.imports)
        ? []
        : [`${entry.file}: ours ${ours.join(' ')} / ast ${entry.imports!.join(' ')}`]
    })
    expect(parsed.length).toBeGreaterThan(1000)
    expect(differences).toEqual([])
  })
})
