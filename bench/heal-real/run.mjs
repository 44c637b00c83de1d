// Runs the real-world healing corpus through the bundled heal action, dist/heal/index.js, as the
// runner would (one process per case, inputs as INPUT_* variables), and scores it by split, tool and
// category. Each case is replayed by replay.mjs: it fails once with the real log and exit code, then
// passes. Used by `npm run bench` (section heal) and tests/e2e/heal-real.test.ts.
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { retryAnyInputs } from '../heal-corpus/run-case.mjs'
import { median } from '../timing.mjs'
import { loadCases } from './cases.mjs'

const here = import.meta.dirname
const root = path.resolve(here, '../..')

/** What a user gets, with short delays so 200 cases run in minutes. */
export const INPUTS = {
  'max-attempts': '3',
  'retry-delay': '0.05',
  'max-delay': '0.1',
  'timeout-seconds': '20'
}

function runAction(inputs, cwd) {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? cwd,
    LANG: 'C.UTF-8',
    GITHUB_ACTIONS: 'true',
    GITHUB_RUN_ID: '1',
    GITHUB_JOB: 'heal-real',
    GITHUB_ACTION: 'replay'
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  return new Promise(resolve => {
    const child = spawn(process.execPath, [path.join(root, 'dist/heal/index.js')], {
      env,
      cwd,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let output = ''
    child.stdout.on('data', chunk => (output += chunk))
    child.stderr.on('data', chunk => (output += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000)
    child.on('close', code => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}

/** Runs one case; mode 'chaos-ci' (the action as a user gets it) or 'retry-any' (the reference). */
export async function runCase(spec, { mode = 'chaos-ci', inputs = {} } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'heal-real-'))
  try {
    const file = path.join(here, `cases.${spec.split}.jsonl`)
    const command = [
      process.execPath,
      path.join(here, 'replay.mjs'),
      file,
      spec.id,
      path.join(dir, 'state')
    ]
      .map(part => `'${part.replaceAll("'", "'\\''")}'`)
      .join(' ')
    const own = { ...INPUTS, ...inputs, command, 'results-dir': path.join(dir, 'results') }
    const started = performance.now()
    const { code, output } = await runAction(mode === 'retry-any' ? retryAnyInputs(own) : own, dir)
    const wallMs = performance.now() - started
    const results = readdirSync(path.join(dir, 'results'), { withFileTypes: true })
      .filter(entry => entry.isFile() && entry.name.endsWith('.json'))
      .map(entry => entry.name)
    if (results.length !== 1)
      throw new Error(
        `case ${spec.id}: expected one results file, found ${results.length} (exit ${code}):\n${output}`
      )
    const journal = JSON.parse(readFileSync(path.join(dir, 'results', results[0]), 'utf8')).payload
    return { spec, exitCode: code, wallMs, journal }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Whether the action did the right thing with a case. */
export function judge({ spec, journal }) {
  const first = journal.attempts[0]
  const green = journal.outcome === 'passed' || journal.outcome === 'flaky-pass'
  const retried = journal.attempts.length > 1
  const byModel = first.rule_source === 'corpus model'
  return {
    category: first.category,
    categoryRight: first.category === spec.category,
    // no rule matched: the built-in unknown rule, or the corpus model's reading in its place
    unmatched: byModel || (first.rule === 'unknown' && first.rule_source === 'built-in'),
    byModel,
    green,
    retried,
    right: spec.transient ? green : !retried
  }
}

/** Runs cases `concurrency` at a time. */
export async function runCases(cases, options = {}, concurrency = 2) {
  const results = new Array(cases.length)
  let next = 0
  async function worker() {
    while (next < cases.length) {
      const i = next++
      const result = await runCase(cases[i], options)
      results[i] = { ...result, ...judge(result) }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, cases.length) }, worker))
  return results
}

const share = (part, whole) => (whole.length ? part.length / whole.length : NaN)

/** The figures for a set of judged results. */
export function figures(results) {
  const transient = results.filter(r => r.spec.transient)
  const deterministic = results.filter(r => !r.spec.transient)
  const healed = transient.filter(r => r.green)
  return {
    cases: results.length,
    transient: transient.length,
    deterministic: deterministic.length,
    healRate: share(healed, transient),
    deterministicGreen: share(
      deterministic.filter(r => r.green),
      deterministic
    ),
    deterministicRetried: share(
      deterministic.filter(r => r.retried),
      deterministic
    ),
    accuracy: share(
      results.filter(r => r.categoryRight),
      results
    ),
    right: share(
      results.filter(r => r.right),
      results
    ),
    medianTimeToHealMs: median(healed.map(r => r.journal.duration_ms)),
    medianWallToHealMs: median(healed.map(r => r.wallMs))
  }
}

/** Figures per value of `key` (tool, category…), sorted by count. */
export function figuresBy(results, key) {
  const groups = new Map()
  for (const r of results) groups.set(key(r), [...(groups.get(key(r)) ?? []), r])
  return [...groups.entries()]
    .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
    .map(([name, group]) => ({ name, ...figures(group) }))
}

export { loadCases }
