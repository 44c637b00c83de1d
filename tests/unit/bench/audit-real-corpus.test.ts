/**
 * The real-world audit corpus (bench/audit-real): its manifest pins each public repository by commit
 * with its project roots and split, and every repository has hand-checked expected findings whose
 * every entry carries evidence and a reason. Only the shape is checked here; the audit is measured
 * against the snapshots by the bench, never here.
 */
import { describe, expect, it } from '@jest/globals'

import {
  expectedFile,
  hashSplit,
  loadCorpus,
  validateCorpus
} from '../../../bench/audit-real/corpus.mjs'

const clone = <T>(v: T): T => structuredClone(v)

describe('the real-world audit corpus', () => {
  const { manifest, expectedByFile } = loadCorpus()

  it('is whole: at least 12 pinned repositories, each with an expected file, and no problem at all', () => {
    expect(manifest.length).toBeGreaterThanOrEqual(12)
    expect(validateCorpus(manifest, expectedByFile)).toEqual([])
    for (const e of manifest)
      expect([e.repo, expectedFile(e.repo) in expectedByFile]).toEqual([e.repo, true])
  })

  it('holds out exactly 5 repositories, both languages among them, by the hash rule unless a reason says why not', () => {
    const held = manifest.filter(e => e.split === 'heldout')
    expect(held.map(e => e.repo).sort()).toHaveLength(5)
    expect(held.some(e => e.language.includes('python'))).toBe(true)
    expect(held.some(e => /javascript|typescript/.test(e.language))).toBe(true)
    const moved = manifest.filter(e => e.split !== hashSplit(e.repo))
    for (const e of moved) expect([e.repo, typeof e.split_adjusted]).toEqual([e.repo, 'string'])
    expect(moved.length).toBeLessThanOrEqual(2)
  })

  it('covers the kinds of project the issue names', () => {
    const kinds = manifest.map(e => e.kind).join(' ')
    for (const k of [
      'flask',
      'django',
      'fastapi',
      'data-ml',
      'cli',
      'src-layout',
      'workspace',
      'express-js',
      'express-ts',
      'react-vite',
      'monorepo',
      'library'
    ])
      expect([k, kinds.includes(k)]).toEqual([k, true])
  })

  it('reports a broken entry, naming the file, root and field', () => {
    const broken = clone(expectedByFile)
    const file = expectedFile('wagtail/bakerydemo')
    broken[file]!.roots['.']!.missing[0]!.evidence = ''
    expect(validateCorpus(manifest, broken)).toEqual([
      `expected/${file}: root .: missing[0] has no evidence`
    ])
  })

  it('reports every problem at once: a missing expected file, an unknown root, a bad commit, a split without reason', () => {
    const m = clone(manifest)
    const ex = clone(expectedByFile)
    delete ex[expectedFile('ai/nanoid')]
    const clip = ex[expectedFile('openai/CLIP')]!
    clip.roots['nowhere'] = clip.roots['.']!
    const whisper = m.find(e => e.repo === 'openai/whisper')!
    whisper.commit = 'main'
    const stamina = m.find(e => e.repo === 'hynek/stamina')!
    stamina.split = 'heldout'
    const problems = validateCorpus(m, ex)
    expect(problems).toEqual(
      expect.arrayContaining([
        'expected/ai+nanoid.json: missing (every repository needs its expected findings)',
        "expected/openai+CLIP.json: root nowhere is not in the manifest's roots",
        expect.stringMatching(/openai\/whisper: commit is not 40 hex digits/),
        expect.stringMatching(/hynek\/stamina: split heldout differs from the hash rule \(tune\)/),
        'manifest.json: 6 repositories held out, want 5'
      ])
    )
  })

  it('refuses a package that is both unused and used implicitly in one root', () => {
    const ex = clone(expectedByFile)
    const file = expectedFile('microsoft/TypeScript-Node-Starter')
    const root = ex[file]!.roots['.']!
    root.unused.push({ ...root.used_implicitly[0]! })
    expect(validateCorpus(manifest, ex)).toEqual([
      `expected/${file}: root .: pug is in both unused and used_implicitly`
    ])
  })
})
