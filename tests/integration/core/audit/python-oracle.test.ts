/**
 * The accuracy oracle: for every file of the machine's Python standard library (and examples/) that
 * CPython's own ast parses, our extracted absolute imports (line and top-level name) must be identical.
 * ast's answer for a content is kept between runs (tests/helpers/oracle-cache.ts), so Python parses
 * only new or changed files; ours is computed for every file, every run.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import { pythonImports } from '../../../../src/core/audit/python/imports.js'
import { ROOT } from '../../../helpers/action-runner.js'
import { contentKey, oracleCache } from '../../../helpers/oracle-cache.js'

const ORACLE = path.join(ROOT, 'scripts/oracles/python_imports.py')

interface Answer {
  imports?: string[]
  error?: string
}

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

/** ast's answer for each of `files` (by content), asking Python only for those not cached. */
function astAnswers(files: string[], python: string): Map<string, Answer> {
  const cache = oracleCache<Answer>('python-imports', `${python}\n${readFileSync(ORACLE, 'utf8')}`)
  const keys = new Map(files.map(file => [file, contentKey(readFileSync(file))]))
  const missing = files.filter(file => !cache.get(keys.get(file)!))
  if (missing.length > 0)
    for (const line of execFileSync('python3', [ORACLE], {
      input: missing.join('\n'),
      maxBuffer: 1 << 30
    })
      .toString()
      .trim()
      .split('\n')) {
      const { file, ...answer } = JSON.parse(line) as Answer & { file: string }
      cache.set(keys.get(file)!, answer)
    }
  cache.save()
  return new Map(files.map(file => [file, cache.get(keys.get(file)!)!]))
}

describe('Python import extraction against CPython ast', () => {
  it('matches ast on every file of the standard library and examples/ that ast parses', () => {
    const [stdlib, python] = execFileSync('python3', [
      '-c',
      'import sys, sysconfig; print(sysconfig.get_paths()["stdlib"]); print(sys.version)'
    ])
      .toString()
      .trim()
      .split('\n')
    const files = [
      ...pythonFiles(stdlib!),
      ...pythonFiles(path.join(ROOT, 'examples')),
      ...pythonFiles(path.join(ROOT, 'bench'))
    ]
    const parsed = [...astAnswers(files, python!)].filter(([, answer]) => answer.imports)
    const differences = parsed.flatMap(([file, answer]) => {
      const ours = [
        ...new Set(
          pythonImports(readFileSync(file, 'utf8'))
            .imports.filter(i => i.level === 0 && !i.tags.has('dynamic'))
            .map(i => `${i.line}:${i.top}`)
        )
      ].sort()
      return JSON.stringify(ours) === JSON.stringify(answer.imports)
        ? []
        : [`${file}: ours ${ours.join(' ')} / ast ${answer.imports!.join(' ')}`]
    })
    expect(parsed.length).toBeGreaterThan(1000)
    expect(differences).toEqual([])
  })
})
