// `npm run bench`, history section: a synthetic history of 2 years at 50 runs a day, imported through
// the real importer; its size; and restore + merge + save through the real @actions/cache against the
// in-process fake cache service.
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { compiledModules } from './compiled.mjs'
import { interleaved, timeCommand, timingTable } from './timing.mjs'

const root = path.resolve(import.meta.dirname, '..')
const CLI = path.join(root, 'dist/cli/index.js')
const RUNS = Number(process.env.BENCH_HISTORY_RUNS ?? 7)
/** Results files per timed `record`: the heal and injector files of RECORD_RUNS synthetic runs. */
const RECORD_RUNS = 1000

/**
 * `chaos-ci report` over `file` and `chaos-ci record` of 2,000 files into a new database, as
 * commands with process start, interleaved with a bare `node -e ''`: medians and ranges.
 */
async function commandTimings(file, end) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chaos-ci-bench-record-'))
  const files = path.join(dir, 'chaos-results')
  mkdirSync(files)
  for (let n = 0; n < RECORD_RUNS; n++) {
    const { heal, inject } = synthetic(n, Math.floor(n / PER_DAY))
    writeFileSync(path.join(files, `heal-${n}.json`), JSON.stringify(heal))
    writeFileSync(path.join(files, `seed-${n}.json`), JSON.stringify(inject))
  }
  let round = 0
  const env = { PATH: process.env.PATH }
  const node = process.execPath
  const rows = await interleaved(
    {
      "node -e ''": () => timeCommand(node, ['-e', ''], { env, cwd: dir }),
      [`chaos-ci report (${DAYS} days)`]: () =>
        timeCommand(
          node,
          [
            CLI,
            'report',
            '--db',
            file,
            '--end',
            end.toISOString(),
            '--output',
            path.join(dir, 'r.md')
          ],
          { env, cwd: dir }
        ),
      [`chaos-ci record (${RECORD_RUNS * 2} files, new database)`]: () =>
        timeCommand(node, [CLI, 'record', files, '--db', path.join(dir, `h-${round++}.db`)], {
          env,
          cwd: dir
        })
    },
    { runs: RUNS, warmup: 1 }
  )
  return rows
}

export const DAYS = Number(process.env.BENCH_HISTORY_DAYS ?? 730)
export const PER_DAY = 50

/** A heal results file and a seed-injector report for run `n` on `day`. */
export function synthetic(n, day) {
  const at = new Date(
    Date.UTC(2025, 0, 1) + day * 86_400_000 + (n % PER_DAY) * 1_700_000
  ).toISOString()
  const run = {
    repo: 'acme/shop',
    run_id: String(1_000_000 + n),
    run_attempt: 1,
    job: 'chaos',
    step: 'heal',
    sha: 'f'.repeat(40),
    ref: 'refs/heads/main',
    event: 'schedule',
    started_at: at,
    finished_at: at
  }
  const failed = n % 7 === 0
  const attempt = (number, category) => ({
    number,
    started_at: at,
    duration_ms: 800 + (n % 300),
    exit_code: category ? 1 : 0,
    signal: null,
    timed_out: false,
    cancelled: false,
    category,
    rule: category ? 'connection-reset' : null,
    rule_source: category ? 'built-in' : null,
    matched_line: category ? 'Error: read ECONNRESET' : null,
    matched_line_number: category ? 3 : null,
    decision: category ? 'retry' : null,
    reason: null,
    strategy: category ? 'backoff' : null,
    strategy_outcome: category ? 'done' : null,
    strategy_detail: null,
    pre_retry_exit_code: null,
    delay_ms: 0,
    excerpt: '',
    output_chars: 1200,
    killed_pids: [],
    dependency_changes: []
  })
  const heal = {
    schema: 'chaos-ci/results/v2',
    stage: 'heal',
    tool_version: '0.1.0',
    // v2: the stage's own status in the envelope (a flaky pass is warned)
    status: failed ? 'warned' : 'passed',
    status_reason: failed ? 'flaky: passed after 2 attempt(s) (healed network)' : null,
    run,
    payload: {
      command: 'pytest -x',
      outcome: failed ? 'flaky-pass' : 'passed',
      healed: failed,
      cancelled: false,
      category: failed ? 'network' : null,
      exit_code: 0,
      duration_ms: 1600,
      max_attempts: 3,
      attempts: failed ? [attempt(1, 'network'), attempt(2, null)] : [attempt(1, null)]
    }
  }
  const scenario = (name, type, ok) => ({
    scenario_name: name,
    scenario_type: type,
    intensity: 'light',
    duration: 30,
    start_time: at,
    end_time: at,
    elapsed_time: 31.5,
    success: ok,
    error_message: ok ? null : 'error rate 12% > 8%',
    metrics: { service_available: ok, health_check_latency_ms: 20 + (n % 40) }
  })
  const inject = {
    timestamp: `${at}#${n}`,
    total_scenarios: 3,
    successful: 3,
    failed: 0,
    results: [
      scenario('Network Delay - Light', 'network_delay', true),
      scenario('CPU Stress - Light', 'cpu_exhaust', n % 11 !== 0),
      scenario('Packet Loss - Light', 'network_loss', true)
    ]
  }
  return { heal, inject }
}

export async function historySection() {
  const { history } = await compiledModules()
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chaos-ci-bench-history-'))
  const file = path.join(dir, 'chaos_history.db')
  const db = await history.db.openHistory(file)
  let rows = 0
  const started = performance.now()
  for (let day = 0; day < DAYS; day++) {
    for (let i = 0; i < PER_DAY; i++) {
      const { heal, inject } = synthetic(day * PER_DAY + i, day)
      rows += Object.values(history.record.recordResults(db, heal)).reduce((a, b) => a + b, 0)
      rows += Object.values(history.seed.recordSeedInjector(db, inject)).reduce((a, b) => a + b, 0)
    }
  }
  const importMs = performance.now() - started
  const runs = DAYS * PER_DAY
  await history.db.saveHistory(db, file)
  const bytes = statSync(file).size
  const commands = await commandTimings(file, new Date(Date.UTC(2025, 0, 1) + DAYS * 86_400_000))
  const [bare, report, record] = commands

  // restore + merge + save through the real @actions/cache and the fake cache service
  const fake = await history.fake.startFakeGitHub()
  const previous = process.cwd()
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'chaos-ci-bench-ws-'))
  Object.assign(process.env, fake.env(mkdtempSync(path.join(os.tmpdir(), 'chaos-ci-bench-temp-'))))
  process.chdir(workspace)
  const DB = 'reports/chaos_history.db'
  const p = {
    store: history.cache.actionsCacheStore,
    index: history.cache.restCacheIndex('fake', { owner: 'acme', repo: 'shop' }),
    prefix: 'chaos-history-v1-',
    log: () => {}
  }
  await history.db.saveHistory(db, DB)
  const originalLog = console.log
  const quiet = process.stdout.write.bind(process.stdout)
  process.stdout.write = (chunk, ...rest) =>
    String(chunk).startsWith('::') || String(chunk).startsWith('[command]')
      ? true
      : quiet(chunk, ...rest)
  try {
    await p.store.save(DB, 'chaos-history-v1-base-1')
    const t0 = performance.now()
    const restored = await history.persist.restoreHistory(p, DB)
    const t1 = performance.now()
    const outcome = await history.persist.persistHistory(
      p,
      restored.db,
      DB,
      'chaos-history-v1-next-1',
      10,
      'x'
    )
    const t2 = performance.now()
    // as the action does: the entries this job already holds are not merged again
    const skipped = await history.persist.persistHistory(
      p,
      restored.db,
      DB,
      'chaos-history-v1-next-2',
      10,
      'y',
      0,
      ['chaos-history-v1-next-1', 'chaos-history-v1-base-1']
    )
    const t3 = performance.now()
    db.close()
    restored.db.close()
    const archive = fake.entries.find(e => e.key === 'chaos-history-v1-next-1')?.data?.length ?? 0
    return `## History database

A synthetic history of **${DAYS} days at ${PER_DAY} runs a day** (${runs.toLocaleString('en')} runs; each a heal results file —
one in seven with a retried network failure — and a three-scenario injector report), imported through
the real importer into sql.js, one transaction per file:

| figure | value |
| --- | --- |
| rows imported | ${rows.toLocaleString('en')} |
| import time | ${(importMs / 1000).toFixed(1)} s |
| import throughput | ${Math.round((runs * 2) / (importMs / 1000)).toLocaleString('en')} files/s, ${Math.round(rows / (importMs / 1000)).toLocaleString('en')} rows/s |
| database size | ${(bytes / 1024 / 1024).toFixed(1)} MiB (${Math.round(bytes / runs)} bytes a run) |
| cache entry (tar + zstd) | ${(archive / 1024 / 1024).toFixed(1)} MiB |
| restore (real @actions/cache, fake cache service on 127.0.0.1) | ${((t1 - t0) / 1000).toFixed(2)} s |
| merge one full copy + save + prune (worst case) | ${((t2 - t1) / 1000).toFixed(2)} s (${outcome.merged.entries} entr(ies) merged) |
| save + prune when nothing new was saved meanwhile (the restored entry is not merged again) | ${((t3 - t2) / 1000).toFixed(2)} s (${skipped.merged.entries} entr(ies) merged) |

The cache service is in-process on loopback, so these times are the client's work (tar, zstd,
sql.js load, integrity check, merge), not network transfer.

The commands a user runs, with process start: ${RUNS} interleaved rounds after one warm-up, beside a
bare Node start. \`report\` reads the database above (its last 7 days); \`record\` imports the heal
and injector files of ${RECORD_RUNS.toLocaleString('en')} synthetic runs into a new database.

${timingTable(commands)}

- report: ${(report.median / 1000).toFixed(2)} s median (target 0.4 s for 2 years), ${(report.median - bare.median).toFixed(0)} ms over bare Node;
- record: ${Math.round((RECORD_RUNS * 2) / (record.median / 1000)).toLocaleString('en')} files/s as a command (target 4,000), ${Math.round((RECORD_RUNS * 2) / ((record.median - bare.median) / 1000)).toLocaleString('en')} files/s without Node's own start;
- size: ${Math.round(bytes / (runs * 2))} bytes per recorded run (a results file's \`chaos_runs\` row; target 1 KB), ${Math.round(bytes / runs)} per synthetic run (heal file + injector report).`
  } finally {
    process.stdout.write = quiet
    console.log = originalLog
    process.chdir(previous)
    await fake.close()
  }
}
