// `npm run bench`, report section: the weekly report (every query, the recommendations and the
// Markdown) over the 2-year synthetic history of the history section, against the same report over
// an empty database, in one run.
import { compiledModules } from './compiled.mjs'
import { DAYS, PER_DAY, synthetic } from './history.mjs'
import { median } from './timing.mjs'

const ROUNDS = Number(process.env.BENCH_REPORT_ROUNDS ?? 7)

export async function reportSection() {
  const { dir } = await compiledModules()
  const load = file => import(`${dir}/${file}`)
  const { openBytes } = await load('src/core/history/db.js')
  const { recordResults } = await load('src/core/history/record.js')
  const { recordSeedInjector } = await load('src/core/history/seed.js')
  const { buildReport } = await load('src/core/report/build.js')
  const { renderReport } = await load('src/core/report/render.js')
  const full = await openBytes('full.db', undefined)
  for (let day = 0; day < DAYS; day++)
    for (let i = 0; i < PER_DAY; i++) {
      const { heal, inject } = synthetic(day * PER_DAY + i, day)
      recordResults(full, heal)
      recordSeedInjector(full, inject)
    }
  const empty = await openBytes('empty.db', undefined)
  const runs = full.exec('SELECT COUNT(*) FROM chaos_runs')[0].values[0][0]
  // The synthetic history starts on 2025-01-01: its last week.
  const end = new Date(Date.UTC(2025, 0, 1) + DAYS * 86_400_000)
  const time = db => {
    const t0 = performance.now()
    const markdown = renderReport(buildReport(db, { end, lookbackDays: 7 }))
    return { ms: performance.now() - t0, chars: markdown.length }
  }
  time(full) // warm-up: JIT and sql.js statement paths
  time(empty)
  const samples = { full: [], empty: [] }
  let chars = 0
  for (let round = 0; round < ROUNDS; round++) {
    const f = time(full)
    samples.full.push(f.ms)
    chars = f.chars
    samples.empty.push(time(empty).ms)
  }
  const window30 = []
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now()
    renderReport(buildReport(full, { end, lookbackDays: 30 }))
    window30.push(performance.now() - t0)
  }
  full.close()
  empty.close()
  const f = median(samples.full)
  const e = median(samples.empty)
  return `## Weekly report

The report (every query, the recommendations and the Markdown) over the history section's synthetic
history — ${Number(runs).toLocaleString('en')} recorded runs over ${DAYS} days (each synthetic run is a heal results file and a seed
injector report, recorded as two) — for its last 7 days, beside the same report over an empty
database; ${ROUNDS} interleaved rounds after one warm-up, in one process.

| database | median | min | max |
| --- | --- | --- | --- |
| ${Number(runs).toLocaleString('en')} recorded runs | ${f.toFixed(0)} ms | ${Math.min(...samples.full).toFixed(0)} ms | ${Math.max(...samples.full).toFixed(0)} ms |
| empty | ${e.toFixed(1)} ms | ${Math.min(...samples.empty).toFixed(1)} ms | ${Math.max(...samples.empty).toFixed(1)} ms |

Target: under 1 s median for the full history: **${f < 1000 ? 'met' : 'not met'}** (${(f / 1000).toFixed(2)} s; ${(f / Math.max(e, 0.001)).toFixed(0)}× the empty
database). The report was ${chars.toLocaleString('en')} characters. A 30-day window over the same history: ${median(window30).toFixed(0)} ms (median of 3).`
}
