/**
 * The history's cache tier with the real @actions/cache against an in-process fake of the cache
 * service v2, and the REST caches API of the same fake (listing and pruning through Octokit).
 */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import type { Database } from 'sql.js'

import { scalar } from '../../../src/core/history/db.js'
import {
  mergeNewest,
  type Persistence,
  persistHistory,
  restoreHistory
} from '../../../src/core/history/persist.js'
import { loadSqlJs } from '../../../src/core/history/sqljs.js'
import { actionsCacheStore, restCacheIndex } from '../../../src/github/cache.js'
import { type FakeGitHub, startFakeGitHub } from '../../helpers/fake-github.js'
import { tempDir } from '../../helpers/processes.js'
import { captureRunnerOutput } from '../../helpers/runner-output.js'

let fake: FakeGitHub
// @actions/cache's ::debug:: lines, read here as the runner reads them rather than printed into the test log
const runnerOutput = captureRunnerOutput({ beforeEach, afterEach })
const saved = { ...process.env }
beforeAll(async () => {
  fake = await startFakeGitHub()
})
// the tests run in their workspace; the jest worker goes back where it was for the next test file
const cwd = process.cwd()
afterAll(async () => {
  process.chdir(cwd)
  process.env = saved
  await fake.close()
})

let workspace: string
const logs: string[] = []
beforeEach(async () => {
  fake.entries.splice(0)
  fake.failWith = undefined
  logs.splice(0)
  workspace = await tempDir('chaos-ci-history-')
  Object.assign(process.env, fake.env(await tempDir('chaos-ci-runner-temp-')))
  process.chdir(workspace)
})

const DB = 'reports/chaos_history.db'
const persistence = (withIndex = true): Persistence => ({
  store: actionsCacheStore,
  ...(withIndex ? { index: restCacheIndex('fake-token', { owner: 'o', repo: 'r' })! } : {}),
  prefix: 'chaos-history-v1-',
  log: (level, message) => void logs.push(`${level}: ${message}`)
})

function addRun(db: Database, runId: string): void {
  db.run(
    "INSERT INTO chaos_runs (run_key, source, run_id, run_attempt, started_at) VALUES (?, 'chaos-ci', ?, 1, '2026-11-01')",
    [`o/r|${runId}|1|job`, runId]
  )
}
const runs = (db: Database): number => scalar(db, 'SELECT count(*) FROM chaos_runs')

/** One job: restore, add a run, save under its own key. */
async function job(runId: string, p = persistence()): Promise<string | undefined> {
  const { db } = await restoreHistory(p, DB)
  addRun(db, runId)
  const outcome = await persistHistory(p, db, DB, `chaos-history-v1-${runId}-1`, 0, 'job')
  db.close()
  return outcome.savedKey
}

describe('the history cache tier (real @actions/cache, fake cache service)', () => {
  it('run 1 saves, run 2 restores and adds, run 3 sees both', async () => {
    expect(await job('1')).toBe('chaos-history-v1-1-1')
    expect(logs.some(line => line.includes('no history in the cache yet'))).toBe(true)
    expect(await job('2')).toBe('chaos-history-v1-2-1')
    const third = await restoreHistory(persistence(), DB)
    expect(third.matchedKey).toBe('chaos-history-v1-2-1')
    expect(runs(third.db)).toBe(2)
    // the real @actions/cache spoke the cache service v2 protocol, as on github.com
    expect(runnerOutput()).toMatch(/^::debug::Cache service version: v2$/m)
  })

  it('does not lose data when the key is taken: it saves under another key', async () => {
    await job('1')
    const p = persistence()
    const { db } = await restoreHistory(p, DB)
    addRun(db, 'same-run-other-job')
    const outcome = await persistHistory(p, db, DB, 'chaos-history-v1-1-1', 0, 'job-b')
    expect(outcome.savedKey).toBe('chaos-history-v1-1-1-job-b')
    expect(
      logs.some(line => /warning: saving the history under chaos-history-v1-1-1 failed/.test(line))
    ).toBe(true)
    expect(runs((await restoreHistory(persistence(), DB)).db)).toBe(2)
  })

  it('reports a restore miss and starts a new history', async () => {
    const restored = await restoreHistory(persistence(false), DB)
    expect(restored.matchedKey).toBeUndefined()
    expect(runs(restored.db)).toBe(0)
    expect(logs).toEqual([
      'warning: no history entry was restored: starting a new one. This is normal on the first run; otherwise the cache evicted it (7 days unused) — keep a durable-branch copy.'
    ])
  })

  it('survives a service answering 4xx: the restore misses and the failed save is reported', async () => {
    fake.failWith = 403
    const p = persistence(false)
    const { db } = await restoreHistory(p, DB)
    addRun(db, '9')
    const outcome = await persistHistory(p, db, DB, 'chaos-history-v1-9-1', 0, 'x')
    expect(outcome.savedKey).toBeUndefined()
    expect(logs.filter(line => line.startsWith('warning: saving the history')).length).toBe(2)
  })

  it('keeps every row when 8 jobs restore the same base and save at once', async () => {
    await job('base')
    const p = persistence()
    // every job restores the same base before any of them saves, as concurrent jobs on separate runners do
    const jobs: Array<{ i: number; db: Database }> = []
    for (let i = 0; i < 8; i++) jobs.push({ i, db: (await restoreHistory(p, DB)).db })
    for (const { i, db } of jobs) {
      addRun(db, `job-${i}`)
      await persistHistory(
        { ...p, index: undefined },
        db,
        DB,
        `chaos-history-v1-job-${i}-1`,
        0,
        `j${i}`
      )
    }
    const next = await restoreHistory(p, DB)
    const merged = await mergeNewest(p, next.db, DB)
    const kept = scalar(next.db, "SELECT count(*) FROM chaos_runs WHERE run_id LIKE 'job-%'")
    expect({ kept, of: 8, entriesMerged: merged.entries }).toEqual({
      kept: 8,
      of: 8,
      entriesMerged: 9
    })
  })

  it('sets a damaged entry aside and uses the previous one', async () => {
    await job('good')
    await writeFile(path.join(workspace, DB), 'garbage, not SQLite')
    expect(await actionsCacheStore.save(DB, 'chaos-history-v1-bad-1')).not.toBe(-1)
    const restored = await restoreHistory(persistence(), DB)
    expect(restored.matchedKey).toBe('chaos-history-v1-good-1')
    expect(runs(restored.db)).toBe(1)
    expect(restored.setAside).toEqual([`${DB}.damaged-chaos-history-v1-bad-1`])
    expect(
      logs.some(line =>
        /warning: history entry chaos-history-v1-bad-1 is not a SQLite database/.test(line)
      )
    ).toBe(true)
  })

  it("sets aside another application's database restored from the cache, never merging it", async () => {
    await job('good')
    const SQL = await loadSqlJs()
    const foreign = new SQL.Database()
    foreign.exec("CREATE TABLE users (name TEXT); INSERT INTO users VALUES ('ann')")
    await writeFile(path.join(workspace, DB), foreign.export())
    expect(await actionsCacheStore.save(DB, 'chaos-history-v1-foreign-1')).not.toBe(-1)
    const restored = await restoreHistory(persistence(), DB)
    expect(restored.matchedKey).toBe('chaos-history-v1-good-1')
    expect(restored.setAside).toEqual([`${DB}.damaged-chaos-history-v1-foreign-1`])
    const merged = await mergeNewest(persistence(), restored.db, DB, 10, [
      'chaos-history-v1-good-1'
    ])
    expect(merged.entries).toBe(0)
    expect(scalar(restored.db, "SELECT count(*) FROM sqlite_master WHERE name = 'users'")).toBe(0)
    expect(runs(restored.db)).toBe(1)
    expect(
      logs.some(line =>
        /warning: history entry chaos-history-v1-foreign-1 is a SQLite database of another application/.test(
          line
        )
      )
    ).toBe(true)
  })

  it('prunes entries beyond keep through the REST API', async () => {
    for (const id of ['1', '2', '3']) await job(id)
    const p = persistence()
    const { db } = await restoreHistory(p, DB)
    const outcome = await persistHistory(p, db, DB, 'chaos-history-v1-4-1', 2, 'x')
    expect(outcome.pruned).toBe(2)
    expect(fake.entries.map(e => e.key)).toEqual(['chaos-history-v1-3-1', 'chaos-history-v1-4-1'])
  })
})

describe('merging before a save', () => {
  it('skips the entry this job restored, which it already holds', async () => {
    await job('1')
    const p = persistence()
    const { db, matchedKey } = await restoreHistory(p, DB)
    addRun(db, '2')
    const outcome = await persistHistory(p, db, DB, 'chaos-history-v1-2-1', 0, 'x', 0, [
      matchedKey!
    ])
    expect(outcome.merged.entries).toBe(0)
    expect(runs((await restoreHistory(persistence(), DB)).db)).toBe(2)
  })
})
