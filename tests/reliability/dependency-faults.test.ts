/**
 * Faults in chaos-ci's own dependencies, each through the bundled actions as the runner runs them:
 * the cache service down, failing or slow; the GitHub API failing, rate-limiting, read-only or with
 * the report issue deleted; the disk full while the history is written; the service under test dying
 * mid-run; the runner cancelling an action mid-work. For each: the outcome (a warning or a failure,
 * as documented), no fault left active, no history row lost, the database intact.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statfsSync,
  statSync
} from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import { startBackground } from '../../src/core/exec/background.js'
import { openBytes, openHistory, queryRows, saveHistory } from '../../src/core/history/db.js'
import { type DataBranch, loadFromBranch, saveToBranch } from '../../src/core/history/durable.js'
import { recordResults } from '../../src/core/history/record.js'
import { readResults } from '../../src/core/results/files.js'
import { type ActionRun, ROOT, runAction, runPost } from '../helpers/action-runner.js'
import { type FakeGitHub, startFakeGitHub } from '../helpers/fake-github.js'
import { type FakeGitHubApi, startFakeGitHubApi } from '../helpers/fake-github-api.js'
import { healthy, injectPayload } from '../helpers/inject-results.js'
import { tempDir } from '../helpers/processes.js'
import { HEALTH_PAYLOAD, resultsFile } from '../helpers/results.js'
import { closedPort } from '../helpers/servers.js'
import { figure } from './figures.js'

const SECTION = "Faults in chaos-ci's own dependencies"
let cache: FakeGitHub
let api: FakeGitHubApi

beforeAll(async () => {
  cache = await startFakeGitHub()
  api = await startFakeGitHubApi()
})
afterAll(async () => {
  await cache.close()
  await api.close()
})

/** One row of the table: what happened, and the three things that must always hold. */
function row(
  fault: string,
  outcome: string,
  checks: { left: number; lost: number; intact: boolean }
) {
  figure(
    SECTION,
    fault,
    `${outcome}; faults left active: ${checks.left}; history rows lost: ${checks.lost}; database ${checks.intact ? 'intact' : 'DAMAGED'}`
  )
  expect(checks).toEqual({ left: 0, lost: 0, intact: true })
}

/** The DB opens (integrity check, migrations) and holds `expected` stage rows. */
async function dbState(file: string, expected: number): Promise<{ lost: number; intact: boolean }> {
  try {
    const db = await openHistory(file)
    const n = Number(queryRows<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM stage_results')[0]!.n)
    db.close()
    return { lost: Math.max(0, expected - n), intact: true }
  } catch {
    return { lost: expected, intact: false }
  }
}

/** Bytes a process has read so far (/proc/<pid>/io rchar); 0 once it is gone. */
function bytesRead(pid: number): number {
  try {
    return Number(/^rchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0)
  } catch {
    return 0
  }
}

const warningOf = (run: ActionRun): string =>
  run.annotations
    .find(a => a.level === 'warning')
    ?.message.split('\n')[0]
    ?.slice(0, 110) ?? 'none'

/** The history action's main and post around one job with one results file. */
async function historyJob(runId: string, env: Record<string, string>) {
  const workspace = await tempDir('chaos-ci-rel-history-')
  await resultsFile(path.join(workspace, 'chaos-results'), 'health', HEALTH_PAYLOAD, {
    GITHUB_RUN_ID: runId
  })
  const all = { GITHUB_RUN_ID: runId, ...env }
  const started = performance.now()
  const main = await runAction('history', {
    workspace,
    env: all,
    inputs: { token: 't' },
    timeoutMs: 300_000
  })
  const post = await runPost('history', main, {
    env: all,
    inputs: { token: 't' },
    timeoutMs: 300_000
  })
  const seconds = (performance.now() - started) / 1000
  return { workspace, main, post, seconds, db: path.join(workspace, 'reports/chaos_history.db') }
}

describe('the cache service', () => {
  it('down (nothing listens): warnings, the step passes, the run stays in the local database', async () => {
    const port = await closedPort()
    const env = {
      ...cache.env(await tempDir('chaos-ci-rel-temp-')),
      ACTIONS_RESULTS_URL: `http://127.0.0.1:${port}/`,
      GITHUB_API_URL: `http://127.0.0.1:${port}`
    }
    const job = await historyJob('9101', env)
    expect([job.main.exitCode, job.post.exitCode]).toEqual([0, 0])
    expect(job.post.stdout).toMatch(/NOT saved/)
    row(
      'cache service down',
      `warning (“${warningOf(job.post)}”), steps passed, ${job.seconds.toFixed(1)} s`,
      { left: 0, ...(await dbState(job.db, 1)) }
    )
  }, 600_000)

  it('answering 500: the same', async () => {
    cache.failWith = 500
    try {
      const job = await historyJob('9102', cache.env(await tempDir('chaos-ci-rel-temp-')))
      expect([job.main.exitCode, job.post.exitCode]).toEqual([0, 0])
      expect(job.post.stdout).toMatch(/NOT saved/)
      row(
        'cache service answers 500',
        `warning (“${warningOf(job.post)}”), steps passed, ${job.seconds.toFixed(1)} s`,
        { left: 0, ...(await dbState(job.db, 1)) }
      )
    } finally {
      cache.failWith = undefined
    }
  }, 600_000)

  it('slow (1.5 s before every answer): saved, later', async () => {
    cache.delayMs = 1500
    try {
      const job = await historyJob('9103', cache.env(await tempDir('chaos-ci-rel-temp-')))
      expect([job.main.exitCode, job.post.exitCode]).toEqual([0, 0])
      expect(cache.entries.map(e => e.key)).toContain('chaos-history-v1-9103-1')
      row(
        'cache service slow (1.5 s a request)',
        `saved, ${job.seconds.toFixed(1)} s for restore + save`,
        {
          left: 0,
          ...(await dbState(job.db, 1))
        }
      )
    } finally {
      cache.delayMs = 0
    }
  }, 600_000)
})

describe('the GitHub API, for the report issue', () => {
  let workspace: string
  const END = '2026-11-29T00:00:00Z'
  beforeAll(async () => {
    workspace = await tempDir('chaos-ci-rel-report-')
    const db = await openHistory(path.join(workspace, 'reports/chaos_history.db'))
    for (let d = 1; d <= 3; d++) {
      const at = new Date(Date.parse(END) - d * 86_400_000).toISOString()
      recordResults(db, {
        schema: 'chaos-ci/results/v2',
        stage: 'health',
        status: 'passed',
        status_reason: null,
        tool_version: '0.1.0',
        run: {
          repo: 'octo-org/demo-service',
          run_id: String(d),
          run_attempt: 1,
          job: 'chaos',
          step: 'health',
          sha: null,
          ref: 'refs/heads/main',
          event: 'push',
          started_at: at,
          finished_at: at
        },
        payload: HEALTH_PAYLOAD
      })
    }
    await saveHistory(db, path.join(workspace, 'reports/chaos_history.db'))
    db.close()
  })
  const report = () =>
    runAction('report', {
      workspace,
      inputs: { token: 'test-token', end: END },
      env: { GITHUB_API_URL: api.url },
      timeoutMs: 300_000
    })

  it.each([
    ['500 twice', [{ status: 500 }, { status: 500 }]],
    ['502 twice', [{ status: 502 }, { status: 502 }]],
    [
      'a secondary rate limit',
      [
        {
          status: 403,
          headers: { 'retry-after': '1' },
          message: 'You have exceeded a secondary rate limit'
        }
      ]
    ]
  ])(
    '%s: retried, then the issue is written',
    async (what, forced) => {
      api.issues.length = 0
      api.forced.push(...forced.map(f => ({ ...f, match: /^POST \/repos\/[^/]+\/[^/]+\/issues$/ })))
      const started = performance.now()
      const run = await report()
      const seconds = (performance.now() - started) / 1000
      expect(run.exitCode).toBe(0)
      expect(api.issues).toHaveLength(1)
      row(
        `GitHub API: ${what} on creating the issue`,
        `retried; issue created; ${seconds.toFixed(1)} s`,
        {
          left: 0,
          ...(await dbState(path.join(workspace, 'reports/chaos_history.db'), 3))
        }
      )
    },
    300_000
  )

  it('a read-only token (403): a warning, the step passes, the report is in the file', async () => {
    api.readOnly = true
    try {
      const run = await report()
      expect(run.exitCode).toBe(0)
      expect(existsSync(path.join(workspace, 'reports/chaos-report.md'))).toBe(true)
      row('GitHub API: 403, a read-only token', `warning (“${warningOf(run)}”), step passed`, {
        left: 0,
        ...(await dbState(path.join(workspace, 'reports/chaos_history.db'), 3))
      })
    } finally {
      api.readOnly = false
    }
  }, 300_000)

  it('the report issue deleted between finding and updating it (404): a new one is opened', async () => {
    api.issues.length = 0
    expect((await report()).exitCode).toBe(0)
    const first = api.issues[0]!.number
    api.forced.push({
      status: 404,
      message: 'Not Found',
      match: /^PATCH \/repos\/[^/]+\/[^/]+\/issues\/\d+$/
    })
    const run = await report()
    expect(run.exitCode).toBe(0)
    expect(api.issues.map(i => i.number)).toEqual([first, first + 1])
    row('GitHub API: 404, the report issue deleted', 'a new issue opened; step passed', {
      left: 0,
      ...(await dbState(path.join(workspace, 'reports/chaos_history.db'), 3))
    })
  }, 300_000)
})

describe('the durable tier (data branch)', () => {
  async function bareRepo(): Promise<string> {
    const dir = path.join(await tempDir('chaos-ci-rel-remote-'), 'repo.git')
    execFileSync('git', ['init', '--quiet', '--bare', dir])
    return dir
  }

  it('a push the remote rejects: a warning, the cache still saves the run', async () => {
    const remote = await bareRepo()
    const hook = path.join(remote, 'hooks/pre-receive')
    await writeFile(hook, '#!/bin/sh\necho "rejected by policy" >&2\nexit 1\n')
    chmodSync(hook, 0o755)
    const env = { ...cache.env(await tempDir('chaos-ci-rel-temp-')), GITHUB_RUN_ID: '9301' }
    const workspace = await tempDir('chaos-ci-rel-durable-')
    await resultsFile(path.join(workspace, 'chaos-results'), 'health', HEALTH_PAYLOAD, {
      GITHUB_RUN_ID: '9301'
    })
    const inputs = { token: 't', 'durable-branch': 'chaos-history', 'durable-remote': remote }
    const main = await runAction('history', { workspace, env, inputs, timeoutMs: 120_000 })
    const post = await runPost('history', main, { env, inputs, timeoutMs: 120_000 })
    expect([main.exitCode, post.exitCode]).toEqual([0, 0])
    expect(post.stdout).toMatch(/NOT pushed to the chaos-history branch/)
    expect(cache.entries.map(e => e.key)).toContain('chaos-history-v1-9301-1')
    row(
      'data branch: the push rejected (pre-receive hook)',
      `warning (“${warningOf(post)}”); cache entry saved; step passed`,
      {
        left: 0,
        ...(await dbState(path.join(workspace, 'reports/chaos_history.db'), 1))
      }
    )
  }, 180_000)

  it('two writers racing for the branch: the loser fetches, merges and pushes again', async () => {
    const remote = await bareRepo()
    const withRun = async (id: string) => {
      const db = await openBytes('memory', undefined)
      db.run(
        "INSERT INTO chaos_runs (run_key, source, run_id, run_attempt, started_at) VALUES (?, 'chaos-ci', ?, 1, '2026-11-01')",
        [`k-${id}`, id]
      )
      return db
    }
    const other: DataBranch = { remote, branch: 'chaos-history', log: () => {} }
    let raced = false
    const racing: DataBranch = {
      remote,
      branch: 'chaos-history',
      log: () => {},
      beforePush: async () => {
        if (raced) return
        raced = true
        await saveToBranch(other, await withRun('B'), 'writer B')
      }
    }
    const attempts = await saveToBranch(racing, await withRun('A'), 'writer A')
    const loaded = (await loadFromBranch(other))!
    const ids = loaded.exec('SELECT run_id FROM chaos_runs ORDER BY run_id')[0]?.values.flat() ?? []
    loaded.close()
    expect(ids).toEqual(['A', 'B'])
    row(
      'data branch: two writers racing',
      `the rejected writer retried (push attempt ${attempts}); both runs on the branch`,
      {
        left: 0,
        lost: 2 - ids.length,
        intact: true
      }
    )
  }, 120_000)
})

describe('the disk', () => {
  it('full while the history is written: a clear error, the old database untouched', async () => {
    const mount = await tempDir('chaos-ci-rel-tmpfs-')
    const mounted =
      spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mount]).status === 0
    if (!mounted) {
      figure(
        SECTION,
        'disk full while the database is written',
        'not measured: mounting a tmpfs is not permitted here'
      )
      return
    }
    try {
      // a database that fits; then the disk filled up to less than another copy of it
      const db = path.join(mount, 'chaos_history.db')
      const results = await tempDir('chaos-ci-rel-results-')
      for (let i = 0; i < 5; i++)
        await resultsFile(results, 'health', HEALTH_PAYLOAD, { GITHUB_RUN_ID: String(i) }, `j${i}`)
      const cli = (dir: string) =>
        spawnSync(
          process.execPath,
          [path.join(ROOT, 'dist/cli/index.js'), 'record', dir, '--db', db],
          { encoding: 'utf8' }
        )
      expect(cli(results).status).toBe(0)
      const size = statSync(db).size
      const free = statfsSync(mount).bavail * statfsSync(mount).bsize
      await writeFile(
        path.join(mount, 'filler'),
        Buffer.alloc(Math.max(0, free - Math.floor(size / 2)))
      )
      const more = await tempDir('chaos-ci-rel-more-')
      await resultsFile(more, 'health', HEALTH_PAYLOAD, { GITHUB_RUN_ID: '99' })
      const full = cli(more)
      expect(full.status).not.toBe(0)
      expect(full.stderr).toMatch(/the disk is full\. The file was left as it was\./)
      expect(full.stderr).not.toMatch(/\n\s+at /)
      expect(readdirSync(mount).sort()).toEqual(['chaos_history.db', 'filler'])
      row(
        'disk full while the database is written (2 MiB tmpfs)',
        `error: “${(full.stderr.split('\n').find(line => /disk is full/.test(line)) ?? '').slice(0, 140)}”`,
        {
          left: 0,
          ...(await dbState(db, 5))
        }
      )
    } finally {
      spawnSync('umount', [mount])
    }
  })
})

describe('the service under test', () => {
  it('dies mid-fault: the scenario fails, the proxy is gone, the results are written', async () => {
    const port = await closedPort()
    const service = startBackground(
      process.execPath,
      [path.join(ROOT, 'examples/demo-service/server.mjs')],
      {
        env: { ...process.env, PORT: String(port), READY_AFTER_MS: '0' }
      }
    )
    await service.waitForLine(/listening/, 10_000)
    const config = path.join(await tempDir(), 'c.yml')
    await writeFile(
      config,
      'scenarios:\n  - {name: slow, type: network_delay, intensity: light, duration: 4, parameters: {delay_ms: 50}}\nmonitoring:\n  health_check: {endpoint: /api/health}\nslo_targets:\n  recovery: {max_recovery_time_seconds: 2}\n'
    )
    setTimeout(() => void service.stop(), 2500)
    const run = await runAction('inject', {
      inputs: {
        config,
        'target-url': `http://127.0.0.1:${port}`,
        'baseline-seconds': '1',
        'slice-ms': '200',
        'cooldown-seconds': '0'
      },
      timeoutMs: 120_000
    })
    const file = path.join(run.workspace, run.outputs['results-file']!)
    const payload = (
      await readResults<{
        scenarios: Array<{
          status: string
          reason: string | null
          rollback: Array<{ ok: boolean }>
        }>
      }>(file)
    ).payload
    const scenario = payload.scenarios[0]!
    expect(scenario.status).toBe('failed')
    expect(scenario.rollback.length).toBeGreaterThan(0)
    const left = scenario.rollback.filter(r => !r.ok).length
    row(
      'the service dies mid-fault',
      `scenario ${scenario.status} (${(scenario.reason ?? '').slice(0, 90)}); every undo ran; exit ${run.exitCode}`,
      {
        left,
        lost: 0,
        intact: true
      }
    )
  }, 180_000)
})

/** The demo service, and a scenario file that pauses it (SIGSTOP) for 20 s. */
async function pausedDemoService() {
  const service = startBackground(
    process.execPath,
    [path.join(ROOT, 'examples/demo-service/server.mjs')],
    { env: { ...process.env, PORT: '0', READY_AFTER_MS: '0' } }
  )
  const [, base] = (await service.waitForLine(
    /listening on (http:\/\/127\.0\.0\.1:\d+)/,
    10_000
  )) as unknown as [string, string]
  const pid = service.pid
  const config = path.join(await tempDir(), 'c.yml')
  await writeFile(
    config,
    `scenarios:\n  - {name: hang, type: process_pause, intensity: heavy, duration: 20, parameters: {pid: ${pid}}}\nmonitoring:\n  health_check: {endpoint: /api/health}\n`
  )
  return { service, base, pid, config }
}

/** A process's state letter from /proc (T: stopped). */
const processStateOf = (pid: number): string =>
  readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0]!

describe('the runner cancelling an action mid-work', () => {
  it('SIGTERM to the root action mid-fault: main rolls back, post saves the history', async () => {
    const { service, base, pid, config } = await pausedDemoService()
    try {
      const workspace = await tempDir('chaos-ci-rel-cancel-')
      const env = { ...cache.env(await tempDir('chaos-ci-rel-temp-')), GITHUB_RUN_ID: '9201' }
      const inputs = {
        'target-url': base,
        config,
        'baseline-seconds': '1',
        skip: 'audit,comment',
        token: 't'
      }
      const main = await runAction('./', {
        workspace,
        inputs,
        env,
        signal: { name: 'SIGTERM', afterMs: 6000 },
        timeoutMs: 60_000
      })
      const afterMain = processStateOf(pid)
      const post = await runPost('./', main, { env, inputs, timeoutMs: 120_000 })
      const afterPost = processStateOf(pid)
      expect(post.exitCode).toBe(0)
      expect(cache.entries.map(e => e.key)).toContain('chaos-history-v1-9201-1')
      const files = readdirSync(path.join(workspace, 'chaos-results')).filter(f =>
        f.endsWith('.json')
      )
      row(
        'SIGTERM to the root action mid-fault (process paused)',
        `main exit ${main.exitCode}; the service ${afterMain === 'T' ? 'still stopped' : 'resumed'} by main's own rollback; post: history saved (${files.length} results files)`,
        {
          left: afterPost === 'T' ? 1 : 0,
          ...(await dbState(path.join(workspace, 'reports/chaos_history.db'), files.length))
        }
      )
    } finally {
      await service.stop()
    }
  }, 180_000)

  it('SIGTERM to inject mid-fault (process paused): main resumes it before exiting', async () => {
    const { service, base, pid, config } = await pausedDemoService()
    try {
      const inputs = { config, 'target-url': base, 'baseline-seconds': '1' }
      const main = await runAction('inject', {
        inputs,
        signal: { name: 'SIGTERM', afterMs: 3500 },
        timeoutMs: 60_000
      })
      const afterMain = processStateOf(pid)
      const post = await runPost('inject', main, { inputs })
      expect(post.exitCode).toBe(0)
      row(
        'SIGTERM to inject mid-fault (process paused)',
        `main exit ${main.exitCode}; the service ${afterMain === 'T' ? 'still stopped' : 'resumed'} by main's own rollback; post: ${/nothing was left to roll back/.test(post.stdout) ? 'nothing left to undo' : 'ran the leftovers'}`,
        {
          left: processStateOf(pid) === 'T' ? 1 : 0,
          lost: 0,
          intact: true
        }
      )
    } finally {
      await service.stop()
    }
  }, 120_000)

  it.each([
    ['health', { url: 'http://127.0.0.1:9/never', 'timeout-seconds': '60' }],
    // a sleep no other test starts, so the check below counts only what this run left behind (a
    // clean-clone CI run counted some other 'sleep 30' on the machine, for health too)
    ['heal', { command: 'sleep 29.25', 'max-attempts': '3' }]
  ])(
    'SIGINT to %s mid-work: it stops at once, says so, and leaves nothing running',
    async (name, inputs) => {
      const workspace = await tempDir('chaos-ci-rel-sigint-')
      mkdirSync(path.join(workspace, 'chaos-results'), { recursive: true })
      const started = performance.now()
      const run = await runAction(name, {
        workspace,
        inputs,
        signal: { name: 'SIGINT', afterMs: 1500 },
        timeoutMs: 60_000
      })
      const seconds = (performance.now() - started) / 1000
      expect(run.exitCode).not.toBe(0)
      expect(seconds).toBeLessThan(20)
      const sleeping = spawnSync('pgrep', ['-f', 'sleep 29\\.25'], {
        encoding: 'utf8'
      }).stdout.trim()
      row(
        `SIGINT to ${name} mid-work`,
        `exit ${run.exitCode} after ${seconds.toFixed(1)} s (“${(run.annotations[0]?.message ?? '').split('\n')[0]!.slice(0, 80)}”)`,
        {
          left: sleeping ? sleeping.split('\n').length : 0,
          lost: 0,
          intact: true
        }
      )
    },
    60_000
  )

  it('SIGTERM to the history post mid-save (a slow cache): the database on disk stays whole', async () => {
    cache.delayMs = 1500
    try {
      const env = { ...cache.env(await tempDir('chaos-ci-rel-temp-')), GITHUB_RUN_ID: '9401' }
      const workspace = await tempDir('chaos-ci-rel-postterm-')
      await resultsFile(path.join(workspace, 'chaos-results'), 'health', HEALTH_PAYLOAD, {
        GITHUB_RUN_ID: '9401'
      })
      const main = await runAction('history', {
        workspace,
        env,
        inputs: { token: 't' },
        timeoutMs: 120_000
      })
      const post = await runPost('history', main, {
        env,
        inputs: { token: 't' },
        signal: { name: 'SIGTERM', afterMs: 2500 },
        timeoutMs: 120_000
      })
      const leftovers = readdirSync(path.join(workspace, 'reports')).filter(f => f.endsWith('.tmp'))
      expect(leftovers).toEqual([])
      row(
        'SIGTERM to the history post mid-save (slow cache)',
        `post ${post.exitCode === null ? 'killed by the signal' : `exit ${post.exitCode}`}; cache entry ${cache.entries.some(e => e.key === 'chaos-history-v1-9401-1') ? 'saved' : 'not saved: this run is only in the job’s database file, whole'}; no temp file left`,
        { left: 0, ...(await dbState(path.join(workspace, 'reports/chaos_history.db'), 1)) }
      )
    } finally {
      cache.delayMs = 0
    }
  }, 180_000)

  it('SIGTERM to audit mid-scan: it dies at once and leaves no results file', async () => {
    const workspace = await tempDir('chaos-ci-rel-term-')
    // A project of 4,000 modules (8 MiB of Python) to scan, so the scan lasts long enough to be caught.
    const pkg = path.join(workspace, 'app')
    mkdirSync(pkg)
    await writeFile(path.join(workspace, 'requirements.txt'), 'requests\n')
    const module = `import requests\nx = "${'y'.repeat(2000)}"\n`
    for (let i = 0; i < 4000; i++) await writeFile(path.join(pkg, `m${i}.py`), module)
    const started = performance.now()
    // Mid-work: it has read a MiB more than its own bundle, so it is scanning the project.
    const code = statSync(path.join(ROOT, 'dist/lib/index.js')).size
    let read = 0
    const run = await runAction('audit', {
      workspace,
      inputs: { 'working-directory': workspace },
      signal: { name: 'SIGTERM', when: (_, pid) => (read = bytesRead(pid)) > code + 2 ** 20 },
      timeoutMs: 60_000
    })
    const seconds = (performance.now() - started) / 1000
    const dir = path.join(workspace, 'chaos-results')
    const files = existsSync(dir) ? readdirSync(dir) : []
    expect(run.killedBy).toBe('SIGTERM')
    expect(files.filter(f => f.endsWith('.json'))).toEqual([])
    row(
      'SIGTERM to audit mid-scan',
      `killed by the signal after ${seconds.toFixed(1)} s, ${(read / 2 ** 20).toFixed(1)} MiB read; no results file, no partial file`,
      { left: 0, lost: 0, intact: true }
    )
  }, 60_000)

  it('SIGTERM to comment mid-post (the response never came): it dies at once, and a re-run leaves one comment', async () => {
    const workspace = await tempDir('chaos-ci-rel-term-')
    const dir = path.join(workspace, 'chaos-results')
    await resultsFile(dir, 'inject', injectPayload([healthy('search')]), { GITHUB_RUN_ID: '9502' })
    const comment = (signal?: { name: NodeJS.Signals; when: () => boolean }) =>
      runAction('comment', {
        workspace,
        event: {
          pull_request: { number: 31, head: { repo: { full_name: 'octo-org/demo-service' } } },
          repository: { full_name: 'octo-org/demo-service', default_branch: 'main' }
        },
        eventName: 'pull_request',
        inputs: { token: 'test-token' },
        env: { GITHUB_API_URL: api.url, GITHUB_RUN_ID: '9502' },
        ...(signal ? { signal } : {}),
        timeoutMs: 60_000
      })
    const post = /^POST \/repos\/octo-org\/demo-service\/issues\/31\/comments$/
    api.hold = post
    const started = performance.now()
    let first: ActionRun
    try {
      // Mid-work: GitHub has the comment, the action is still waiting for the answer.
      first = await comment({ name: 'SIGTERM', when: () => api.requests.some(r => post.test(r)) })
    } finally {
      api.hold = null
    }
    const seconds = (performance.now() - started) / 1000
    expect(first.killedBy).toBe('SIGTERM')
    expect(api.comments.filter(c => c.issue_number === 31)).toHaveLength(1)
    expect(readdirSync(dir).filter(f => f.endsWith('.partial'))).toEqual([])
    // The job re-run finds the comment the killed step made and updates it: still one.
    const again = await comment()
    expect(again.exitCode).toBe(0)
    expect(again.outputs.action).toBe('updated')
    expect(api.comments.filter(c => c.issue_number === 31)).toHaveLength(1)
    row(
      'SIGTERM to comment mid-post (the response not yet back)',
      `killed by the signal after ${seconds.toFixed(1)} s; the re-run updated the one comment (no duplicate)`,
      { left: 0, lost: 0, intact: true }
    )
  }, 120_000)

  it('SIGTERM to validate mid-work (its JUnit file blocks): it dies at once, its results file whole', async () => {
    const workspace = await tempDir('chaos-ci-rel-term-')
    const dir = path.join(workspace, 'chaos-results')
    await resultsFile(dir, 'inject', injectPayload([healthy('search')]), { GITHUB_RUN_ID: '9501' })
    // A FIFO nobody reads: validate blocks opening it, after its results file and before its summary.
    const junit = path.join(workspace, 'junit.xml')
    execFileSync('mkfifo', [junit])
    const started = performance.now()
    const validateFile = (): string | undefined =>
      readdirSync(dir).find(f => f.startsWith('validate-') && f.endsWith('.json'))
    const run = await runAction('validate', {
      workspace,
      inputs: {
        config: path.join(ROOT, 'examples/demo-service/chaos_scenarios.yml'),
        'junit-file': junit
      },
      // Linked into place and its temp file gone: the step has moved on to the JUnit file. (Between
      // the link and the temp file's removal is a window of microseconds; a signal there would
      // leave the hidden temp file, which no reader lists.)
      signal: {
        name: 'SIGTERM',
        when: () =>
          validateFile() !== undefined && !readdirSync(dir).some(f => f.endsWith('.partial'))
      },
      timeoutMs: 60_000
    })
    const seconds = (performance.now() - started) / 1000
    // Killed by the signal while mid-work: not finished (no summary yet), not a clean exit.
    expect(run.killedBy).toBe('SIGTERM')
    expect(run.summary).toBe('')
    const written = validateFile()!
    const results = JSON.parse(readFileSync(path.join(dir, written), 'utf8')) as { stage: string }
    expect(results.stage).toBe('validate')
    expect(readdirSync(dir).filter(f => f.endsWith('.partial'))).toEqual([])
    row(
      'SIGTERM to validate mid-work (blocked writing its JUnit file)',
      `killed by the signal after ${seconds.toFixed(1)} s, before its summary; its results file complete`,
      { left: 0, lost: 0, intact: true }
    )
  }, 60_000)
})
