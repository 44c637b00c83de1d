/**
 * The real-world healing corpus (bench/heal-real): its cases are whole and sourced, its held-out split
 * is frozen, and the built-in rules keep their accuracy on the tune split (the held-out split is only
 * measured, by `npm run bench`, never asserted on here).
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import { loadCases, validateCase } from '../../../bench/heal-real/cases.mjs'
import { classify } from '../../../src/core/heal/classify.js'
import { decide } from '../../../src/core/heal/policy.js'
import { BUILTIN_RULES } from '../../../src/core/heal/rules.js'

const dir = path.resolve(import.meta.dirname, '../../../bench/heal-real')

describe('the real-world healing corpus', () => {
  const all = loadCases()

  it('has at least 150 valid cases with unique ids, each from a public GitHub thread', () => {
    expect(all.length).toBeGreaterThanOrEqual(150)
    expect(
      all.flatMap(c =>
        validateCase({ ...c, split: undefined, ...{} }).filter(p => !/unknown field split/.test(p))
      )
    ).toEqual([])
    expect(new Set(all.map(c => c.id)).size).toBe(all.length)
  })

  it('covers the tool families the issue names', () => {
    const tools = new Set(all.map(c => c.tool))
    for (const tool of [
      'npm',
      'pnpm',
      'yarn',
      'pip',
      'poetry',
      'uv',
      'maven',
      'gradle',
      'java',
      'go',
      'go-test',
      'cargo',
      'cargo-test',
      'docker',
      'buildkit',
      'kubectl',
      'apt',
      'curl',
      'git',
      'gh',
      'github-api',
      'postgres',
      'redis',
      'mysql',
      'pytest',
      'jest',
      'vitest',
      'tsc',
      'eslint'
    ])
      expect([tool, tools.has(tool)]).toEqual([tool, true])
    const families = new Set(all.map(c => c.family))
    for (const family of ['oom', 'disk-full', 'segfault', 'rate-limit', 'http-5xx', 'lock-held'])
      expect([family, families.has(family)]).toEqual([family, true])
  })

  it('holds out a fresh round of at least 100 cases, unchanged since it was frozen', () => {
    const held = all.filter(c => c.split === 'heldout')
    // the count, not its share of a corpus that grows by a round each time, bounds the figures'
    // error: at 100 cases a rate's 95% interval is at most ±10 points
    expect(held.length).toBeGreaterThanOrEqual(100)
    // a held-out case shares neither its source nor its log with a tune case
    const tune = all.filter(c => c.split === 'tune')
    const seen = new Set(tune.flatMap(c => [c.source, c.log.trim()]))
    expect(held.filter(c => seen.has(c.source) || seen.has(c.log.trim())).map(c => c.id)).toEqual(
      []
    )
    const pinned = readFileSync(path.join(dir, 'heldout.sha256'), 'utf8').split(/\s+/)[0]
    const actual = createHash('sha256')
      .update(readFileSync(path.join(dir, 'cases.heldout.jsonl')))
      .digest('hex')
    expect(actual).toBe(pinned)
  })
})

describe('the built-in rules on the tune split (in-process, without the action)', () => {
  const tune = loadCases('tune')
  const judged = tune.map(c => {
    const found = classify(
      { exitCode: c.exit_code, signal: null, timedOut: false, output: c.log, stderr: c.log },
      BUILTIN_RULES
    )
    const retry = decide(
      {
        maxAttempts: 3,
        backoff: { initialMs: 0, maxMs: 0, factor: 1, jitter: 0 },
        retryOn: { categories: [], exitCodes: [] },
        onUnknown: 'stop'
      },
      found,
      {
        attempt: 1,
        status: c.exit_code,
        remainingMs: Infinity,
        cancelled: false,
        canFixDependencies: false
      }
    ).retry
    return { c, category: found.rule.category, retry }
  })

  // The rules alone (no model): 72.9% when round 16 joined the tune split, 71.7% when round 18 did
  // (2845 cases); each fresh round brings failures no rule names yet.
  it('classifies at least 71% of the tune split right', () => {
    const right = judged.filter(j => j.category === j.c.category).length / judged.length
    expect(right).toBeGreaterThanOrEqual(0.71)
  })

  // A tool's own timeout is retried once since round 7 (the corpus holds 27 transient ones to 10
  // deterministic, indistinguishable by their lines): 84% and 12% when that was decided. Each
  // round that joins the tune split brings misses not all of which a rule can fix (flaky tests,
  // resource failures labelled transient): 77.3% and 9.9% when round 18 joined it (2845 cases).
  it('retries at least 77% of its transient cases and at most 13% of its deterministic ones', () => {
    const transient = judged.filter(j => j.c.transient)
    const deterministic = judged.filter(j => !j.c.transient)
    expect(transient.filter(j => j.retry).length / transient.length).toBeGreaterThanOrEqual(0.77)
    expect(deterministic.filter(j => j.retry).length / deterministic.length).toBeLessThanOrEqual(
      0.13
    )
  })

  it('retries at most 5% of the tune cases that are real test failures (category test, no retry)', () => {
    const tests = judged.filter(j => j.c.category === 'test' && !j.c.transient)
    expect(tests.length).toBeGreaterThan(20)
    expect(tests.filter(j => j.retry).length / tests.length).toBeLessThanOrEqual(0.05)
  })
})
