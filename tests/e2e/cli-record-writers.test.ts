/**
 * Many `chaos-ci record` processes writing one history file at once (issue #18, item 2), through the
 * bundled CLI: they take turns through the file's lock, so every run arrives and the file stays
 * intact; a writer kept waiting by a live holder fails naming the file and the holder.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterEach, describe, expect, it } from '@jest/globals'

import { openHistory, scalar } from '../../src/core/history/db.js'
import { lockFileOf } from '../../src/core/history/lock.js'
import { ROOT } from '../helpers/action-runner.js'
import { tempDir } from '../helpers/processes.js'
import { HEALTH_PAYLOAD, resultsFile } from '../helpers/results.js'

interface CliRun {
  code: number | null
  stderr: string
}

function record(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'dist/cli/index.js'), 'record', ...args],
      { stdio: ['ignore', 'ignore', 'pipe'] }
    )
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', code => resolve({ code, stderr }))
  })
}

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
})

const WRITERS = 8
const TRIALS = 5

describe('chaos-ci record, many at once on one database (bundled CLI)', () => {
  it(`keeps all ${WRITERS} runs of ${WRITERS} concurrent writers, ${TRIALS} trials out of ${TRIALS}, and the file intact`, async () => {
    const trials: Array<{ runs: number; integrity: string; codes: Array<number | null> }> = []
    for (let trial = 0; trial < TRIALS; trial++) {
      const dir = await tempDir('chaos-ci-writers-')
      const db = path.join(dir, 'reports', 'chaos_history.db')
      const files = await Promise.all(
        Array.from({ length: WRITERS }, (_, i) =>
          resultsFile(
            path.join(dir, 'results'),
            'health',
            HEALTH_PAYLOAD,
            { GITHUB_RUN_ID: String(700 + i) },
            `writer-${i}`
          )
        )
      )
      // a generous wait: eight node processes on a busy two-core machine take turns slowly
      const runs = await Promise.all(
        files.map(file => record([file, '--db', db, '--lock-timeout-seconds', '600']))
      )
      const history = await openHistory(db)
      trials.push({
        runs: scalar(history, 'SELECT count(DISTINCT run_id) FROM chaos_runs'),
        integrity: String(history.exec('PRAGMA integrity_check')[0]!.values[0]![0]),
        codes: runs.map(run => run.code)
      })
      history.close()
      expect(existsSync(lockFileOf(db))).toBe(false)
    }
    expect(trials).toEqual(
      Array.from({ length: TRIALS }, () => ({
        runs: WRITERS,
        integrity: 'ok',
        codes: Array.from({ length: WRITERS }, () => 0)
      }))
    )
  }, 900_000)

  it('fails a writer kept waiting by a live holder, naming the file and the holder, then takes over once it is gone', async () => {
    const dir = await tempDir('chaos-ci-writers-')
    const db = path.join(dir, 'chaos_history.db')
    const file = await resultsFile(path.join(dir, 'results'), 'health', HEALTH_PAYLOAD)
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      stdio: 'ignore'
    })
    children.push(holder)
    const lock = { pid: holder.pid!, host: os.hostname(), started: new Date().toISOString() }
    await writeFile(lockFileOf(db), JSON.stringify({ ...lock, token: 'held-by-the-test' }))
    const waited = await record([file, '--db', db, '--lock-timeout-seconds', '1'])
    expect(waited.code).toBe(2)
    expect(waited.stderr).toContain(
      `chaos-ci: ${db}: is being written by another chaos-ci (held by pid ${lock.pid} on host ${lock.host} since ${lock.started}); its lock ${lockFileOf(db)} was not released within 1 s.`
    )
    expect(waited.stderr).not.toMatch(/\n\s+at /)
    expect(existsSync(db)).toBe(false)
    expect(JSON.parse(await readFile(lockFileOf(db), 'utf8'))).toMatchObject({ pid: lock.pid })

    const gone = new Promise(resolve => holder.once('exit', resolve))
    holder.kill('SIGKILL')
    await gone
    const after = await record([file, '--db', db])
    expect(after.code).toBe(0)
    expect(existsSync(lockFileOf(db))).toBe(false)
    const history = await openHistory(db)
    expect(scalar(history, 'SELECT count(*) FROM chaos_runs')).toBe(1)
    history.close()
  }, 120_000)
})
