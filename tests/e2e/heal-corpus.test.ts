/**
 * The healing corpus (bench/heal-corpus): every case through dist/heal/index.js must end as its known
 * right answer says — healable cases green after healing, the others failed at once and unretried.
 */
import { describe, expect, it } from '@jest/globals'

import { loadCorpus, runCorpus, score } from '../../bench/heal-corpus/run-case.mjs'

describe('the healing corpus (bundled heal action)', () => {
  it('has at least 20 cases, healable and not, covering the failure kinds issue #3 names', () => {
    const { cases } = loadCorpus()
    expect(cases.length).toBeGreaterThanOrEqual(20)
    expect(cases.filter(c => c.healable).length).toBeGreaterThanOrEqual(8)
    expect(cases.filter(c => !c.healable).length).toBeGreaterThanOrEqual(8)
    const names = cases.map(c => c.name)
    for (const kind of [
      'service-not-up-yet',
      'connection-reset',
      'port-still-held',
      'python-module-installable',
      'node-module-installable',
      'yaml-typo',
      'missing-config-file',
      'oom-killed',
      'disk-full',
      'node-test-fails'
    ]) {
      expect(names).toContain(kind)
    }
  })

  it('heals every healable case and no other, classifying each right', async () => {
    const figures = score(await runCorpus({ concurrency: 3 }))
    const wrong = figures.judged
      .filter(result => !result.right)
      .map(
        result =>
          `${result.name}: expected ${result.healable ? 'healed' : 'failed unretried'} as ${result.expected}, got ${result.journal.outcome} as ${result.journal.category} after ${result.journal.attempts.length} attempt(s)\n${result.output.slice(-1500)}`
      )
    expect(wrong).toEqual([])
    expect(figures).toMatchObject({ healRate: 1, falseHealRate: 0, classificationAccuracy: 1 })
    // 25 cases, three at a time: about 25 s on an idle machine, more on a busy one
  }, 180_000)
})
