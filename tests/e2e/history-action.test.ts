/** actions/history (main restores, post records and saves) through the bundled entries, against the fake cache service. */
import { execFileSync } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'

import { openHistory, saveHistory, scalar } from '../../src/core/history/db.js'
import { recordFile } from '../../src/core/history/files.js'
import { loadSqlJs } from '../../src/core/history/sqljs.js'
import { runAction, runPost } from '../helpers/action-runner.js'
import { type FakeGitHub, startFakeGitHub } from '../helpers/fake-github.js'
import { tempDir } from '../helpers/processes.js'
import { HEALTH_PAYLOAD, resultsFile } from '../helpers/results.js'

let fake: FakeGitHub
beforeAll(async () => {
  fake = await startFakeGitHub()
})
afterAll(async () => {
  await fake.close()
})

async function jobRun(runId: string, eventName = 'push', extra: Record<string, string> = {}) {
  const workspace = await tempDir('chaos-ci-history-e2e-')
  await mkdir(path.join(workspace, 'chaos-results'))
  await resultsFile(path.join(workspace, 'chaos-results'), 'health', HEALTH_PAYLOAD, {
    GITHUB_RUN_ID: runId
  })
  const env = { ...fake.env(await tempDir('chaos-ci-runner-temp-')), GITHUB_RUN_ID: runId }
  const inputs = { token: 'fake-token', ...extra }
  const main = await runAction('history', { workspace, env, eventName, inputs })
  const post = await runPost('history', main, { env, eventName, inputs })
  return { workspace, main, post }
}

// each test runs two to four bundled action processes that load sql.js: 10-14 s at load average 8,
// and over jest's default 30 s at 13 (with stress-ng beside the suite)
jest.setTimeout(120_000)

describe('actions/history (bundled, with sql.js beside the shared bundle)', () => {
  it('starts a history, saves it after the job, and the next run restores and extends it', async () => {
    const first = await jobRun('501')
    expect(first.main.exitCode).toBe(0)
    expect(first.main.outputs).toMatchObject({ restored: 'false', db: 'reports/chaos_history.db' })
    expect(first.post.exitCode).toBe(0)
    expect(first.post.stdout).toMatch(/history: recorded 1 results file\(s\), 2 new row\(s\)/)
    expect(fake.entries.map(e => e.key)).toContain('chaos-history-v1-501-1')
    const second = await jobRun('502')
    expect(second.main.outputs).toMatchObject({
      restored: 'true',
      'matched-key': 'chaos-history-v1-501-1'
    })
    const db = await openHistory(path.join(second.workspace, 'reports/chaos_history.db'))
    expect(scalar(db, 'SELECT count(*) FROM chaos_runs')).toBe(2)
  })

  it("fails main on another application's database at the db path, and leaves it as it was", async () => {
    const workspace = await tempDir('chaos-ci-history-e2e-')
    const db = path.join(workspace, 'reports/chaos_history.db')
    await mkdir(path.dirname(db))
    const app = new (await loadSqlJs()).Database()
    app.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)')
    await writeFile(db, app.export())
    const before = await readFile(db)
    const env = { ...fake.env(await tempDir('chaos-ci-runner-temp-')), GITHUB_RUN_ID: '505' }
    const main = await runAction('history', { workspace, env, inputs: { token: 'fake-token' } })
    expect(main.exitCode).toBe(1)
    expect(main.stdout).toMatch(
      /::error::reports\/chaos_history\.db: is a SQLite database of another application, not a chaos-ci history/
    )
    expect(await readFile(db)).toEqual(before)
  })

  it('keeps the rows of a history already at the db path, merging them into what it restores', async () => {
    await jobRun('511')
    const workspace = await tempDir('chaos-ci-history-e2e-')
    await mkdir(path.join(workspace, 'chaos-results'))
    const local = await resultsFile(path.join(workspace, 'local'), 'health', HEALTH_PAYLOAD, {
      GITHUB_RUN_ID: '510'
    })
    const file = path.join(workspace, 'reports/chaos_history.db')
    const earlier = await openHistory(file)
    await recordFile(earlier, local)
    await saveHistory(earlier, file)
    earlier.close()
    const env = { ...fake.env(await tempDir('chaos-ci-runner-temp-')), GITHUB_RUN_ID: '512' }
    const main = await runAction('history', { workspace, env, inputs: { token: 'fake-token' } })
    expect(main.outputs).toMatchObject({ restored: 'true' })
    const history = await openHistory(file)
    const ids = history.exec('SELECT run_id FROM chaos_runs ORDER BY run_id')[0]!.values.flat()
    history.close()
    expect(ids).toEqual(expect.arrayContaining(['510', '511']))
  })

  it('reads but does not save on a pull request, and says so', async () => {
    const before = fake.entries.length
    const pr = await jobRun('503', 'pull_request')
    expect(pr.post.exitCode).toBe(0)
    expect(pr.post.stdout).toMatch(
      /not saved: pull-request runs read the history but do not save it/
    )
    expect(fake.entries.length).toBe(before)
    expect(pr.post.summary).toMatch(/not saved/)
  })

  it('keeps a durable copy on a data branch and rebuilds from it when the cache lost everything', async () => {
    const remote = path.join(await tempDir('chaos-ci-remote-'), 'repo.git')
    execFileSync('git', ['init', '--quiet', '--bare', remote])
    const durable = { 'durable-branch': 'chaos-history', 'durable-remote': remote }
    const first = await jobRun('601', 'push', durable)
    expect(first.post.stdout).toMatch(/history: pushed to the chaos-history branch \(attempt 1\)/)
    fake.entries.splice(0) // the cache evicted every entry
    const second = await jobRun('602', 'push', durable)
    expect(second.main.stdout).toMatch(
      /no usable cache entry; rebuilt from the chaos-history branch/
    )
    const db = await openHistory(path.join(second.workspace, 'reports/chaos_history.db'))
    expect(db.exec('SELECT run_id FROM chaos_runs ORDER BY run_id')[0]!.values.flat()).toContain(
      '601'
    )
    expect(
      execFileSync('git', ['--git-dir', remote, 'log', '--format=%s', 'chaos-history']).toString()
    ).toMatch(/run 602[\s\S]*run 601/)
  })

  it('warns, never fails, when the post step cannot save', async () => {
    fake.failWith = 403
    try {
      const run = await jobRun('504')
      expect(run.post.exitCode).toBe(0)
      expect(
        run.post.annotations
          .filter(a => a.level === 'warning')
          .map(a => a.message)
          .join('\n')
      ).toMatch(/saving the history under chaos-history-v1-504-1 failed/)
    } finally {
      fake.failWith = undefined
    }
  })
})
