/**
 * One writer at a time per history file (issue #18, item 2): an advisory lock file beside it,
 * `<db>.lock`, that says who holds it (pid, host, since when). It is written whole to a temp file and
 * hard-linked into place — the link fails when a lock exists, so taking it is atomic and a reader
 * never sees half a lock. The holder refreshes its mtime while it works. A lock is stale, and taken
 * over, when its process is gone (same host) or it has not been refreshed for `staleMs` (any host).
 * Why not proper-lockfile: it cannot name the holder, and judges staleness by mtime alone, so a
 * crashed writer would block the next one for the whole stale period.
 */
import { randomUUID } from 'node:crypto'
import { link, mkdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { backoffDelay } from '../backoff.js'
import { type Clock, realClock } from '../clock.js'
import { UserError } from '../errors.js'
import { isAlive } from '../exec/process-tree.js'

/** What a lock file holds. */
export interface LockHolder {
  pid: number
  host: string
  /** When it was taken (ISO-8601). */
  started: string
  /** Tells this lock from a later one at the same path. */
  token: string
}

export interface LockOptions {
  /** How long to wait for the lock before failing (ms). */
  timeoutMs?: number
  /** A lock not refreshed for this long is stale, whoever holds it (ms). */
  staleMs?: number
  clock?: Clock
}

/** 60 s to wait; stale after 5 minutes without a refresh, refreshed every 15 s. */
export const LOCK_DEFAULTS = { timeoutMs: 60_000, staleMs: 300_000, refreshMs: 15_000 } as const

const WAIT = { initialMs: 20, maxMs: 500, factor: 1.5, jitter: 0.5 }

/** The lock file of a history file. */
export function lockFileOf(file: string): string {
  return `${file}.lock`
}

/** Creates `lock` holding `holder`, or returns false when a lock is already there. */
async function tryCreate(file: string, lock: string, holder: LockHolder): Promise<boolean> {
  const temp = `${lock}.${holder.token}.tmp`
  try {
    await mkdir(path.dirname(path.resolve(lock)), { recursive: true })
    await writeFile(temp, `${JSON.stringify(holder)}\n`, { flag: 'wx' })
    await link(temp, lock)
    return true
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return false
    throw new UserError(
      code === 'ENOSPC'
        ? 'the history could not be written: the disk is full. The file was left as it was.'
        : `cannot take the writer's lock ${lock} (${code ?? String(error)}); the file was left as it was.`,
      code === 'ENOSPC'
        ? 'Free space and record again: recording the same results files adds nothing twice.'
        : 'Make the folder of the history database writable, or point it elsewhere.',
      { file }
    )
  } finally {
    await rm(temp, { force: true })
  }
}

interface Found {
  /** Undefined when the file is not a lock chaos-ci wrote. */
  holder?: LockHolder
  ageMs: number
}

/** The lock at `lock`, or undefined when there is none. */
async function readLock(lock: string): Promise<Found | undefined> {
  const info = await stat(lock).catch(() => undefined)
  if (!info) return undefined
  const ageMs = Date.now() - info.mtimeMs
  try {
    const holder = JSON.parse(await readFile(lock, 'utf8')) as LockHolder
    return typeof holder.pid === 'number' && typeof holder.token === 'string'
      ? { holder, ageMs }
      : { ageMs }
  } catch {
    return { ageMs }
  }
}

function isStale(found: Found, staleMs: number): boolean {
  if (found.ageMs > staleMs) return true
  return found.holder?.host === os.hostname() && !isAlive(found.holder.pid)
}

/**
 * Removes a stale lock, unless it changed since it was judged: breakers take `<lock>.break` first, so
 * two waiters that both saw the stale lock cannot remove the fresh one the first of them then took.
 */
async function breakStale(
  file: string,
  lock: string,
  seen: Found,
  self: LockHolder
): Promise<void> {
  const guard = `${lock}.break`
  if (!(await tryCreate(file, guard, self))) {
    const other = await readLock(guard)
    // a breaker that died mid-break: its guard is stale too
    if (other && isStale(other, LOCK_DEFAULTS.refreshMs)) await rm(guard, { force: true })
    return
  }
  try {
    const now = await readLock(lock)
    if (now && now.holder?.token === seen.holder?.token) await rm(lock, { force: true })
  } finally {
    await rm(guard, { force: true })
  }
}

function describeHolder(found: Found | undefined): string {
  const holder = found?.holder
  if (!holder) return 'unknown holder'
  return `held by pid ${holder.pid} on host ${holder.host} since ${holder.started}`
}

function lockTimeout(
  file: string,
  lock: string,
  found: Found | undefined,
  timeoutMs: number
): UserError {
  return new UserError(
    `is being written by another chaos-ci (${describeHolder(found)}); its lock ${lock} was not released within ${timeoutMs / 1000} s.`,
    `Wait for that writer and run again (recording the same files twice adds nothing), or give it longer (--lock-timeout-seconds). If no chaos-ci runs there any more, delete ${lock}.`,
    { file }
  )
}

/** A lock this process holds. */
export interface HeldLock {
  lock: string
  holder: LockHolder
  /** Removes the lock, unless someone took it over as stale meanwhile. */
  release(): Promise<void>
}

function held(lock: string, holder: LockHolder): HeldLock {
  const refresh = setInterval(() => {
    const now = new Date()
    void utimes(lock, now, now).catch(() => undefined)
  }, LOCK_DEFAULTS.refreshMs)
  refresh.unref()
  return {
    lock,
    holder,
    release: async () => {
      clearInterval(refresh)
      if ((await readLock(lock))?.holder?.token === holder.token) await rm(lock, { force: true })
    }
  }
}

/** Takes the writer's lock of `file`, waiting up to `timeoutMs`; the error names the file and the holder. */
export async function acquireLock(file: string, options: LockOptions = {}): Promise<HeldLock> {
  const { timeoutMs, staleMs } = { ...LOCK_DEFAULTS, ...options }
  const clock = options.clock ?? realClock
  const lock = lockFileOf(file)
  const self: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    started: new Date().toISOString(),
    token: randomUUID()
  }
  const deadline = clock.now() + timeoutMs
  for (let waits = 1; ; waits++) {
    if (await tryCreate(file, lock, self)) return held(lock, self)
    const found = await readLock(lock)
    if (found && isStale(found, staleMs)) {
      await breakStale(file, lock, found, self)
      if (clock.now() < deadline) continue
    }
    if (clock.now() >= deadline) throw lockTimeout(file, lock, found, timeoutMs)
    // gone between the two looks: try again at once
    if (found) await clock.sleep(backoffDelay(WAIT, waits, Math.random))
  }
}

/** Runs `body` holding the writer's lock of `file`, and releases it however `body` ends. */
export async function withLock<T>(
  file: string,
  body: () => Promise<T>,
  options: LockOptions = {}
): Promise<T> {
  const lock = await acquireLock(file, options)
  try {
    return await body()
  } finally {
    await lock.release()
  }
}
