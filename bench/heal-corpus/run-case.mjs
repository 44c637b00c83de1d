// Runs the healing corpus (cases.json) through the bundled heal action, dist/heal/index.js, as the
// runner would, and scores it. Used by tests/e2e/heal-corpus.test.ts and by `npm run bench`.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

const here = import.meta.dirname
const root = path.resolve(here, '../..')

export function loadCorpus() {
  return JSON.parse(readFileSync(path.join(here, 'cases.json'), 'utf8'))
}

async function freePort() {
  const server = net.createServer()
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise(resolve => server.close(resolve))
  return port
}

function fill(text, values) {
  return text.replace(/\{(fixtures|dir|port|url)\}/g, (_, key) => values[key])
}

function run(file, args, { env, cwd, timeoutMs = 90_000, detached = false }) {
  const child = spawn(file, args, { env, cwd, detached, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', chunk => (output += chunk))
  child.stderr.on('data', chunk => (output += chunk))
  const done = new Promise(resolve => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('close', code => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
  return { child, done }
}

function stopGroup(child) {
  for (const signal of ['SIGTERM', 'SIGKILL']) {
    try {
      process.kill(-child.pid, signal)
    } catch {
      // gone
    }
  }
}

/**
 * The reference to compare with: retry on any failure after a constant delay, as nick-fields/retry
 * does, with the same attempts, timeouts and pre-retry command, but no classification and no healing.
 * It is emulated with the same action: one rule matching every failure, retried as `unknown`.
 */
export function retryAnyInputs(inputs) {
  const rest = { ...inputs }
  delete rest['health-url']
  delete rest['on-dependency-failure']
  rest['heal-dependencies'] = 'false'
  return {
    ...rest,
    rules:
      "- {name: any-failure, category: unknown, pattern: '', retryable: true, strategy: backoff}",
    'retry-on': 'unknown',
    'constant-delay': 'true'
  }
}

/** Runs one case; resolves with what the heal action reported and how long it took. */
export async function runCase(spec, defaults, mode = 'chaos-ci') {
  const dir = mkdtempSync(path.join(os.tmpdir(), `heal-corpus-${spec.name}-`))
  const port = await freePort()
  const values = {
    fixtures: path.join(here, 'fixtures'),
    dir,
    port,
    url: `http://127.0.0.1:${port}/health`
  }
  // no __pycache__ written next to the fixtures (python-test-fails imports test_failing.py from there)
  const base = {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? dir,
    LANG: 'C.UTF-8',
    PYTHONDONTWRITEBYTECODE: '1',
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {})
  }
  if (spec.setup) await run('bash', ['-c', fill(spec.setup, values)], { env: base, cwd: dir }).done
  const background = spec.background
    ? run('bash', ['-c', `exec ${fill(spec.background, values)}`], {
        env: base,
        cwd: dir,
        detached: true
      })
    : undefined
  const own = {
    ...defaults,
    ...spec.inputs,
    command: spec.command,
    'working-directory': dir,
    'results-dir': path.join(dir, 'results')
  }
  const inputs = mode === 'retry-any' ? retryAnyInputs(own) : own
  const env = {
    ...base,
    GITHUB_ACTIONS: 'true',
    GITHUB_RUN_ID: '1',
    GITHUB_JOB: 'corpus',
    GITHUB_ACTION: spec.name
  }
  for (const [name, value] of Object.entries(inputs))
    env[`INPUT_${name.toUpperCase()}`] = fill(String(value), values)
  const started = performance.now()
  try {
    const { code, output } = await run(process.execPath, [path.join(root, 'dist/heal/index.js')], {
      env,
      cwd: dir
    }).done
    const wallMs = performance.now() - started
    const results = existsSync(path.join(dir, 'results'))
      ? readdirSync(path.join(dir, 'results'))
      : []
    if (results.length === 0)
      throw new Error(`case ${spec.name}: the action wrote no results (exit ${code}):\n${output}`)
    const journal = JSON.parse(readFileSync(path.join(dir, 'results', results[0]), 'utf8')).payload
    return {
      name: spec.name,
      healable: spec.healable,
      expected: spec.category,
      exitCode: code,
      wallMs,
      journal,
      output
    }
  } finally {
    if (background) {
      stopGroup(background.child)
      await background.done
    }
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
  }
}

/** Whether a case ended as its known right answer says. */
export function judge(result) {
  const { journal } = result
  const categoryRight = journal.category === result.expected
  const healed = journal.outcome === 'flaky-pass' || journal.outcome === 'passed'
  const retried = journal.attempts.length > 1
  const right = result.healable ? healed && categoryRight : !healed && !retried && categoryRight
  return {
    categoryRight,
    healed,
    retried,
    right,
    falseHeal: !result.healable && (healed || retried)
  }
}

/** Runs every case, `concurrency` at a time, healing as chaos-ci does or (`retry-any`) as the reference. */
export async function runCorpus({ concurrency = 3, only, mode = 'chaos-ci' } = {}) {
  const corpus = loadCorpus()
  const cases = corpus.cases.filter(spec => !only || only.includes(spec.name))
  const results = new Array(cases.length)
  let next = 0
  async function worker() {
    while (next < cases.length) {
      const i = next++
      results[i] = await runCase(cases[i], corpus.defaults, mode)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, cases.length) }, worker))
  return results
}

const median = values => {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** The corpus figures: heal rate, false-heal rate, classification accuracy, median time to heal. */
export function score(results) {
  const judged = results.map(result => ({ ...result, ...judge(result) }))
  const healable = judged.filter(r => r.healable)
  const unhealable = judged.filter(r => !r.healable)
  const healedOnes = healable.filter(r => r.healed)
  return {
    cases: judged.length,
    healable: healable.length,
    healRate: healedOnes.length / healable.length,
    falseHealRate: unhealable.filter(r => r.falseHeal).length / unhealable.length,
    falseGreenRate: unhealable.filter(r => r.healed).length / unhealable.length,
    classificationAccuracy: judged.filter(r => r.categoryRight).length / judged.length,
    medianTimeToHealMs: median(healedOnes.map(r => r.journal.duration_ms)),
    medianWallToHealMs: median(healedOnes.map(r => r.wallMs)),
    judged
  }
}
