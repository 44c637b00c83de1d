/**
 * The history file's writer's lock, with real lock files and real processes: a live holder makes a
 * writer wait and then fail naming the file and the holder; a dead one's lock is taken over; writers
 * in one process serialise and each re-reads the file, so none loses another's rows.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, utimes, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterEach, describe, expect, it } from '@jest/globals'

import { openHistory, scalar, updateHistory } from '../../../../src/core/history/db.js'
import {
  acquireLock,
  lockFileOf,
  type LockHolder,
  withLock
} from '../../../../src/core/history/lock.js'
import { userErrorFrom } from '../../../helpers/errors.js'
import { tempDir } from '../../../helpers/processes.js'

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
})

/** A process that stays alive until killed. */
function liveProcess(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
  children.push(child)
  return child
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise(resolve =>
    child.exitCode !== null || child.signalCode !== null
      ? resolve()
      : child.once('exit', () => resolve())
  )
}

/** Writes the lock file of `db` as a writer `pid` on `host` would have. */
async function lockAs(db: string, pid: number, host = os.hostname()): Promise<LockHolder> {
  const holder = { pid, host, started: '2026-11-01T10:00:00.000Z', token: `t-${pid}` }
  await writeFile(lockFileOf(db), JSON.stringify(holder))
  return holder
}

describe("the history file's writer's lock", () => {
  it('makes a writer fail when a live process holds it past the timeout, naming the file and the holder', async () => {
    const db = path.join(await tempDir(), 'h.db')
    const holder = liveProcess()
    await lockAs(db, holder.pid!)
    const error = await userErrorFrom(acquireLock(db, { timeoutMs: 300 }))
    expect(error.location.file).toBe(db)
    expect(error.message).toContain(`held by pid ${holder.pid} on host ${os.hostname()}`)
    expect(error.message).toContain(lockFileOf(db))
    expect(error.fix).toMatch(/--lock-timeout-seconds/)
    expect(JSON.parse(await readFile(lockFileOf(db), 'utf8'))).toMatchObject({ pid: holder.pid })
  })

  it('takes over the lock of a process that is gone, and removes its own when done', async () => {
    const db = path.join(await tempDir(), 'h.db')
    const holder = liveProcess()
    await lockAs(db, holder.pid!)
    holder.kill('SIGKILL')
    await exited(holder)
    const lock = await acquireLock(db, { timeoutMs: 30_000 })
    expect(JSON.parse(await readFile(lockFileOf(db), 'utf8'))).toMatchObject({
      pid: process.pid,
      token: lock.holder.token
    })
    await lock.release()
    expect(existsSync(lockFileOf(db))).toBe(false)
  })

  it('waits for a lock from another host until it has gone unrefreshed for the stale period', async () => {
    const db = path.join(await tempDir(), 'h.db')
    await lockAs(db, 1, 'another-runner')
    const error = await userErrorFrom(acquireLock(db, { timeoutMs: 300 }))
    expect(error.message).toContain('held by pid 1 on host another-runner')
    const longAgo = new Date(Date.now() - 10 * 60_000)
    await utimes(lockFileOf(db), longAgo, longAgo)
    const lock = await acquireLock(db, { timeoutMs: 30_000 })
    expect(lock.holder.pid).toBe(process.pid)
    await lock.release()
  })

  it('says "unknown holder" for a lock file it cannot read as one of its own', async () => {
    const db = path.join(await tempDir(), 'h.db')
    await writeFile(lockFileOf(db), 'not a lock')
    const error = await userErrorFrom(acquireLock(db, { timeoutMs: 300 }))
    expect(error.message).toMatch(/\(unknown holder\)/)
  })

  it('releases the lock however the work ends, and never removes a lock taken over meanwhile', async () => {
    const db = path.join(await tempDir(), 'h.db')
    await expect(
      withLock(db, () => Promise.reject(new Error('the work failed')), { timeoutMs: 30_000 })
    ).rejects.toThrow('the work failed')
    expect(existsSync(lockFileOf(db))).toBe(false)
    const lock = await acquireLock(db, { timeoutMs: 30_000 })
    const successor = await lockAs(db, process.pid)
    await lock.release()
    expect(JSON.parse(await readFile(lockFileOf(db), 'utf8'))).toEqual(successor)
  })

  it('lets writers of one file take turns, each re-reading it, so every row arrives', async () => {
    const db = path.join(await tempDir(), 'reports', 'h.db')
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        updateHistory(
          db,
          async database => {
            database.run(
              "INSERT INTO chaos_runs (run_key, source, run_id, run_attempt, started_at) VALUES (?, 'chaos-ci', ?, 1, '2026-11-01')",
              [`k${i}`, String(i)]
            )
          },
          { timeoutMs: 120_000 }
        )
      )
    )
    const history = await openHistory(db)
    expect(scalar(history, 'SELECT count(DISTINCT run_id) FROM chaos_runs')).toBe(8)
    history.close()
    expect(existsSync(lockFileOf(db))).toBe(false)
  })
})
