/** The durable tier against a real local bare git repository, including a push race between two writers. */
import { execFileSync } from 'node:child_process'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'
import type { Database } from 'sql.js'

import { openBytes } from '../../../../src/core/history/db.js'
import {
  type DataBranch,
  loadFromBranch,
  saveToBranch
} from '../../../../src/core/history/durable.js'
import { tempDir } from '../../../helpers/processes.js'

async function bareRepo(): Promise<string> {
  const dir = path.join(await tempDir('chaos-ci-remote-'), 'repo.git')
  execFileSync('git', ['init', '--quiet', '--bare', dir])
  return dir
}

async function dbWith(...runIds: string[]): Promise<Database> {
  const db = await openBytes('memory', undefined)
  for (const id of runIds)
    db.run(
      "INSERT INTO chaos_runs (run_key, source, run_id, run_attempt, started_at) VALUES (?, 'chaos-ci', ?, 1, '2026-11-01')",
      [`k-${id}`, id]
    )
  return db
}

const runIds = (db: Database): string[] =>
  db.exec('SELECT run_id FROM chaos_runs ORDER BY run_id')[0]?.values.flat().map(String) ?? []

describe('the durable tier (data branch)', () => {
  it('starts the branch, then loads back what was saved', async () => {
    const remote = await bareRepo()
    const logs: string[] = []
    const branch: DataBranch = { remote, branch: 'chaos-history', log: m => void logs.push(m) }
    expect(await loadFromBranch(branch)).toBeUndefined()
    expect(await saveToBranch(branch, await dbWith('1'), 'run 1')).toBe(1)
    expect(await saveToBranch(branch, await dbWith('2'), 'run 2')).toBe(1)
    const loaded = (await loadFromBranch(branch))!
    expect(runIds(loaded)).toEqual(['1', '2'])
    const jsonl = execFileSync('git', ['--git-dir', remote, 'show', 'chaos-history:history.jsonl'])
      .toString()
      .trim()
      .split('\n')
    expect(jsonl.filter(line => line.includes('"chaos_runs"'))).toHaveLength(2)
    expect(
      execFileSync('git', ['--git-dir', remote, 'log', '--format=%s', 'chaos-history'])
        .toString()
        .trim()
        .split('\n')
    ).toEqual(['run 2 (1 new rows)', 'run 1 (1 new rows)'])
  })

  it('loses nothing when two writers race: the rejected one fetches, merges and pushes again', async () => {
    const remote = await bareRepo()
    const logs: string[] = []
    const other: DataBranch = {
      remote,
      branch: 'chaos-history',
      log: m => void logs.push(`B: ${m}`)
    }
    let raced = false
    const racing: DataBranch = {
      remote,
      branch: 'chaos-history',
      log: m => void logs.push(`A: ${m}`),
      // writer B pushes after A has checked out and committed, but before A pushes
      beforePush: async () => {
        if (raced) return
        raced = true
        expect(await saveToBranch(other, await dbWith('B'), 'writer B')).toBe(1)
      }
    }
    expect(await saveToBranch(racing, await dbWith('A'), 'writer A')).toBe(2)
    expect(
      logs.some(line => /^A: push to chaos-history was rejected \(attempt 1\/3\)/.test(line))
    ).toBe(true)
    expect(runIds((await loadFromBranch(other))!)).toEqual(['A', 'B'])
  })

  it('refuses a damaged database on the branch instead of trusting it', async () => {
    const remote = await bareRepo()
    const work = await tempDir('chaos-ci-work-')
    execFileSync('git', ['clone', '--quiet', remote, work])
    execFileSync('git', ['-C', work, 'checkout', '--quiet', '-b', 'chaos-history'])
    execFileSync('bash', ['-c', `printf garbage > ${work}/chaos_history.db`])
    execFileSync('git', ['-C', work, 'add', '.'])
    execFileSync('git', [
      '-C',
      work,
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@t',
      'commit',
      '--quiet',
      '-m',
      'x'
    ])
    execFileSync('git', ['-C', work, 'push', '--quiet', 'origin', 'chaos-history'])
    await expect(
      loadFromBranch({ remote, branch: 'chaos-history', log: () => undefined })
    ).rejects.toMatchObject({
      message: 'is not a SQLite database.',
      location: { file: 'chaos-history:chaos_history.db' }
    })
  })
})
