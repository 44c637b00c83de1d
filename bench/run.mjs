#!/usr/bin/env node
// `npm run bench`: measures what docs/benchmarks.md reports, each comparison side by side in one run,
// and rewrites that file. Sections: the size of dist/, cold start of an action, the healer's overhead,
// the healing corpus and the real-world one (bench/heal-real) against a retry-on-any-failure reference, and the dependency sentinel's accuracy
// and speed against CPython's ast, the TypeScript compiler and the seed's method.
// and a synthetic two-year history database.
// and the traffic generator and fault proxy against autocannon, wrk and a bare Node net pipe,
// and the generator under overload (twice a one-loop server's capacity, inject's settings; ~1 min).
// and reading a 10,000-scenario file, in the CLI and in-process, and an alias bomb refused.
// and the packed package's size, installed size and install time.
// and the dependency audit on the real-world corpus (bench/audit-real), side by side with knip.
// BENCH_ONLY=cold,heal,audit,audit-real,history,report,check,traffic,overload,parse,install runs some sections; the others keep their last figures.
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync
} from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'

import { auditSection } from './audit.mjs'
import { auditRealSection } from './audit-real/run.mjs'
import { checkSection } from './check.mjs'
import { runCorpus, score } from './heal-corpus/run-case.mjs'
import { healRealSection } from './heal-real/section.mjs'
import { historySection } from './history.mjs'
import { installSection } from './install.mjs'
import { overloadSection } from './overload.mjs'
import { parseSection } from './parse.mjs'
import { reportSection } from './report.mjs'
import { interleaved, median, timeCommand, timingTable } from './timing.mjs'
import { proxySection, trafficSection } from './traffic.mjs'

const root = path.resolve(import.meta.dirname, '..')
const RUNS = Number(process.env.BENCH_RUNS ?? 21)
const CORPUS_ROUNDS = Number(process.env.BENCH_CORPUS_ROUNDS ?? 3)
const node = process.execPath
const size = bytes => (bytes < 10 * 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(0)} KiB`)
const pct = share => `${(share * 100).toFixed(0)}%`

function distSection() {
  const files = []
  for (const name of readdirSync(path.join(root, 'dist'), { recursive: true })) {
    const stat = statSync(path.join(root, 'dist', name))
    if (stat.isFile()) files.push([`dist/${name}`, stat.size])
  }
  files.sort((a, b) => b[1] - a[1])
  const total = files.reduce((sum, [, bytes]) => sum + bytes, 0)
  return `## Size of dist/

${size(total)} in all (${(total / 1024 / 1024).toFixed(2)} MiB):

| file | size |
| --- | --- |
${files.map(([file, bytes]) => `| \`${file}\` | ${size(bytes)} |`).join('\n')}

Every action's entry is one line into the shared bundle \`dist/lib/index.js\`, so an action adds its own code, not another copy of the toolkit.`
}

async function coldStartSection() {
  const server = http.createServer((_req, res) => res.end('{"status":"healthy"}'))
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${server.address().port}/api/health`
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'chaos-ci-bench-'))
  const env = { PATH: process.env.PATH }
  const rows = await interleaved(
    {
      "node -e ''": () => timeCommand(node, ['-e', ''], { env, cwd }),
      'import dist/lib/index.js': () =>
        timeCommand(
          node,
          [
            '--input-type=module',
            '-e',
            `await import(${JSON.stringify(path.join(root, 'dist/lib/index.js'))})`
          ],
          { env, cwd }
        ),
      'node dist/health/index.js': () =>
        timeCommand(node, [path.join(root, 'dist/health/index.js')], {
          env: { ...env, INPUT_URL: url, 'INPUT_REQUIRED-SUCCESSES': '1' },
          cwd
        })
    },
    { runs: RUNS }
  )
  server.close()
  return `## Cold start of an action

${RUNS} interleaved runs per command after 2 warm-up rounds; wall time from spawn to exit. The health run
is \`INPUT_URL\` plus \`INPUT_REQUIRED-SUCCESSES=1\` against a local server answering 200: one probe.

${timingTable(rows)}

The action costs ${(rows[2].median - rows[0].median).toFixed(1)} ms over a bare Node start, of which loading the shared bundle is ${(rows[1].median - rows[0].median).toFixed(1)} ms.`
}

async function overheadSection() {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'chaos-ci-bench-'))
  const env = { PATH: process.env.PATH }
  const rows = await interleaved(
    {
      true: () => timeCommand('true', [], { env, cwd }),
      'chaos-ci heal -- true': () =>
        timeCommand(node, [path.join(root, 'dist/cli/index.js'), 'heal', '--', 'true'], {
          env,
          cwd
        }),
      'dist/heal/index.js (command: true, shell: none)': () =>
        timeCommand(node, [path.join(root, 'dist/heal/index.js')], {
          env: { ...env, INPUT_COMMAND: '["true"]', INPUT_SHELL: 'none', 'INPUT_RESULTS-DIR': cwd },
          cwd
        })
    },
    { runs: RUNS }
  )
  return `## The healer's own overhead

\`heal -- true\` against \`true\`, ${RUNS} interleaved runs after 2 warm-up rounds. The difference is Node's start,
loading the bundle, spawning the command in its own process group, and (for the action) writing the
results file, outputs and summary.

${timingTable(rows)}

Overhead of \`chaos-ci heal -- true\`: ${(rows[1].median - rows[0].median).toFixed(1)} ms; of the action: ${(rows[2].median - rows[0].median).toFixed(1)} ms.`
}

async function corpusSection() {
  const rounds = { 'chaos-ci': [], 'retry-any': [] }
  for (let round = 0; round < CORPUS_ROUNDS; round++) {
    for (const mode of Object.keys(rounds))
      rounds[mode].push(score(await runCorpus({ concurrency: 3, mode })))
  }
  const summary = mode => {
    const runs = rounds[mode]
    return {
      healRate: median(runs.map(r => r.healRate)),
      falseHealRate: median(runs.map(r => r.falseHealRate)),
      falseGreenRate: median(runs.map(r => r.falseGreenRate)),
      accuracy: median(runs.map(r => r.classificationAccuracy)),
      ttr: median(runs.map(r => r.medianTimeToHealMs)),
      wall: median(runs.map(r => r.medianWallToHealMs))
    }
  }
  const ours = summary('chaos-ci')
  const reference = summary('retry-any')
  const last = rounds['chaos-ci'][rounds['chaos-ci'].length - 1]
  const lastRef = rounds['retry-any'][rounds['retry-any'].length - 1]
  const byName = Object.fromEntries(lastRef.judged.map(r => [r.name, r]))
  const rows = last.judged.map(r => {
    const ref = byName[r.name]
    const end = x => `${x.journal.outcome}, ${x.journal.attempts.length} attempt(s)`
    return `| \`${r.name}\` | ${r.healable ? 'yes' : 'no'} | ${r.expected} | ${r.journal.category ?? '—'} | ${end(r)} | ${end(ref)}${ref.falseHeal ? ' ⚠️' : ''} |`
  })
  return `## Healing corpus

\`bench/heal-corpus/cases.json\`: ${last.cases} realistic CI failures with known right answers, ${last.healable} of them healable. Each case
runs through \`dist/heal/index.js\` with real processes (a late or warming service, a held port, a missing
module that an install fixes, a YAML typo, \`/dev/full\`, a heap limit, real failing tests, …). The
reference is **retry on any failure after a constant delay**, as nick-fields/retry does, with the same
attempts, delays, timeouts and pre-retry command but no classification and no healing; it runs in the same
bench run, emulated by the same action with one match-everything rule. Figures are medians over
${CORPUS_ROUNDS} rounds of the whole corpus.

| figure | chaos-ci heal | retry on any failure |
| --- | --- | --- |
| heal rate (healable cases that end green) | ${pct(ours.healRate)} | ${pct(reference.healRate)} |
| false-heal rate (unhealable cases that end green, or were retried at all) | ${pct(ours.falseHealRate)} | ${pct(reference.falseHealRate)} |
| … of which ended green (a real failure hidden) | ${pct(ours.falseGreenRate)} | ${pct(reference.falseGreenRate)} |
| classification accuracy | ${pct(ours.accuracy)} | — (no categories) |
| median time to heal (journal: first attempt to green) | ${ours.ttr.toFixed(0)} ms | ${reference.ttr.toFixed(0)} ms |
| median wall time of a healed step (node start to exit) | ${ours.wall.toFixed(0)} ms | ${reference.wall.toFixed(0)} ms |

What the corpus measures is that the mechanism works end to end on real failures — not accuracy on
logs it has never seen: the rules and the corpus were written together. Times depend on the corpus's
own delays (retry-delay 0.2 s, a service that needs 1.5 s to start).

Last round, case by case (⚠️ = a false heal by the reference):

| case | healable | expected | chaos-ci category | chaos-ci | retry on any failure |
| --- | --- | --- | --- | --- | --- |
${rows.join('\n')}`
}

const only = process.env.BENCH_ONLY?.split(',')
const wanted = name => !only || only.includes(name)
const sections = [
  distSection(),
  // The load benches first, while this process is still idle: the sections after them leave
  // servers, caches and a large heap behind that compete for the 2 cores.
  wanted('traffic') ? await trafficSection() : '',
  wanted('traffic') ? await proxySection() : '',
  wanted('overload') ? await overloadSection() : '',
  wanted('cold') ? await coldStartSection() : '',
  wanted('heal') ? await overheadSection() : '',
  wanted('heal') ? await corpusSection() : '',
  wanted('heal') ? await healRealSection() : '',
  wanted('audit')
    ? await auditSection({ rounds: Number(process.env.BENCH_AUDIT_ROUNDS ?? 3) })
    : '',
  wanted('audit-real') ? auditRealSection() : '',
  wanted('history') ? await historySection() : '',
  wanted('report') ? await reportSection() : '',
  wanted('check') ? checkSection() : '',
  wanted('parse') ? await parseSection() : '',
  wanted('install') ? installSection() : ''
].filter(Boolean)

/** The `## ` sections of a benchmarks file, in order. */
function splitSections(text) {
  return text
    .split(/\n(?=## )/)
    .slice(1)
    .map(section => section.trimEnd())
}

// A partial run replaces its own sections and keeps the others' last figures, in their place.
const outFile = path.join(root, 'docs/benchmarks.md')
let body = sections
if (only && existsSync(outFile)) {
  const fresh = new Map(sections.map(section => [section.split('\n')[0], section]))
  const merged = splitSections(readFileSync(outFile, 'utf8')).map(old => {
    const heading = old.split('\n')[0]
    const replacement = fresh.get(heading)
    fresh.delete(heading)
    return replacement ?? old
  })
  body = [...merged, ...fresh.values()]
}
const doc = `# Benchmarks

Written by \`npm run bench\` (bench/run.mjs); do not edit by hand. Last run: ${new Date().toISOString().slice(0, 10)}${only ? ` (${only.join(', ')} only; the other sections from the run before)` : ''},
Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.platform()} ${os.release()}.

${body.join('\n\n')}
`
writeFileSync(outFile, doc)
console.log(doc)
