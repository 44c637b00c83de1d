/**
 * The history at scale: HISTORY_YEARS (default half a year) at 200 runs a day — each run a heal results
 * file (one in seven healed after a network failure) and a three-scenario seed injector report, the
 * synthetic runs of the benchmark — imported through the real importer, saved, opened again with its
 * integrity check, and the weekly report rendered from it. The report's figures must equal what SQL
 * counts directly. Half a year (36,600 runs, about 100 MiB) is the size of the report benchmark's
 * 2 years × 50 runs a day and already many times sql.js's first memory; each run is imported alone,
 * so a lost or doubled row shows at any size. The 5-year figure (`HISTORY_YEARS=5`, 9 minutes here)
 * is the benchmark's (issue #22), not a check to pay for on every CI run (docs/reliability.md).
 */
import { statSync } from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import { openHistory, queryRows, saveHistory } from '../../src/core/history/db.js'
import { recordResults } from '../../src/core/history/record.js'
import { recordSeedInjector, type SeedInjectorReport } from '../../src/core/history/seed.js'
import { buildReport } from '../../src/core/report/build.js'
import { renderReport } from '../../src/core/report/render.js'
import type { ResultsFile } from '../../src/core/results/schema.js'
import { tempDir } from '../helpers/processes.js'
import { figure } from './figures.js'

// The benchmark's generator of synthetic runs (bench/history.mjs), shared so both measure the same.
const { synthetic } = (await import(path.join(process.cwd(), 'bench/history.mjs'))) as {
  synthetic: (n: number, day: number) => { heal: ResultsFile; inject: SeedInjectorReport }
}

const YEARS = Number(process.env.HISTORY_YEARS ?? 0.5)
const PER_DAY = 200
const DAYS = Math.round(YEARS * 365.25)
const SECTION = `The history at scale: ${YEARS} years at ${PER_DAY} runs a day`

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`

describe('the history database at scale', () => {
  it('holds every run, and the weekly report still renders', async () => {
    const file = path.join(await tempDir('chaos-ci-scale-'), 'chaos_history.db')
    const db = await openHistory(file)
    const t0 = performance.now()
    for (let day = 0; day < DAYS; day++)
      for (let i = 0; i < PER_DAY; i++) {
        const { heal, inject } = synthetic(day * PER_DAY + i, day)
        recordResults(db, heal)
        recordSeedInjector(db, inject)
      }
    const importMs = performance.now() - t0
    const t1 = performance.now()
    await saveHistory(db, file)
    const saveMs = performance.now() - t1
    db.close()
    const bytes = statSync(file).size
    const t2 = performance.now()
    const reopened = await openHistory(file)
    const openMs = performance.now() - t2
    try {
      const { runs } = queryRows<{ runs: number }>(
        reopened,
        'SELECT COUNT(*) AS runs FROM chaos_runs'
      )[0]!
      const end = new Date(Date.UTC(2025, 0, 1) + DAYS * 86_400_000)
      const t3 = performance.now()
      const data = buildReport(reopened, { end, lookbackDays: 7 })
      const markdown = renderReport(data)
      const reportMs = performance.now() - t3
      const { week } = queryRows<{ week: number }>(
        reopened,
        `SELECT COUNT(*) AS week FROM chaos_runs r WHERE started_at >= ? AND started_at < ?
           AND EXISTS (SELECT 1 FROM stage_results s WHERE s.run = r.id)`,
        [new Date(end.getTime() - 7 * 86_400_000).toISOString(), end.toISOString()]
      )[0]!
      figure(
        SECTION,
        'results files recorded (each a run in chaos_runs)',
        `${Number(runs).toLocaleString('en')}: ${(DAYS * PER_DAY).toLocaleString('en')} synthetic runs × (heal file + injector report)`
      )
      figure(
        SECTION,
        'import',
        `${seconds(importMs)} (${Math.round((DAYS * PER_DAY * 2) / (importMs / 1000)).toLocaleString('en')} files/s)`
      )
      figure(
        SECTION,
        'database size',
        `${(bytes / 2 ** 20).toFixed(0)} MiB (${Math.round(bytes / Number(runs))} bytes a run)`
      )
      figure(SECTION, 'save to disk', seconds(saveMs))
      figure(SECTION, 'open again (load + integrity check + migrations)', seconds(openMs))
      figure(
        SECTION,
        'weekly report (queries + Markdown)',
        `${Math.round(reportMs)} ms, ${markdown.length.toLocaleString('en')} characters`
      )
      expect(Number(runs)).toBe(DAYS * PER_DAY * 2)
      expect(data.executive.runs).toBe(Number(week))
      expect(markdown).toContain('## Resilience per scenario')
    } finally {
      reopened.close()
    }
  })
})
