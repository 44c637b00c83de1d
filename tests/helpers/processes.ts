/** Helpers for tests with real child processes: temp dirs, PID files, liveness, listening ports. */
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { mkdtemp, readFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { isAlive } from '../../src/core/exec/process-tree.js'

export async function tempDir(prefix = 'chaos-ci-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix))
}

/** Reads the PIDs a test script wrote, one per line. */
export async function readPids(file: string): Promise<number[]> {
  const text = await readFile(file, 'utf8').catch(() => '')
  return text.split(/\s+/).filter(Boolean).map(Number)
}

/** Waits up to `ms` for every PID to be gone; returns those still alive. */
export async function survivors(pids: number[], ms = 2000): Promise<number[]> {
  const deadline = Date.now() + ms
  let alive = pids.filter(isAlive)
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 25))
    alive = alive.filter(isAlive)
  }
  return alive
}

/** The PIDs a test script has written so far, read at once (for a harness `signal.when`). */
export function readPidsNow(file: string): number[] {
  try {
    return readFileSync(file, 'utf8').split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}

/** Polls until `file` exists (true), or `ms` pass (false). */
export async function waitForFile(file: string, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms
  while (!existsSync(file)) {
    if (Date.now() > deadline) return false
    await new Promise(resolve => setTimeout(resolve, 20))
  }
  return true
}

/** Polls until `file` holds at least `count` PIDs. */
export async function waitForPids(file: string, count: number, ms = 5000): Promise<number[]> {
  const deadline = Date.now() + ms
  for (;;) {
    const pids = await readPids(file)
    if (pids.length >= count || Date.now() > deadline) return pids
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}

/** The TCP ports `pid` listens on now: its socket inodes (/proc/<pid>/fd) in /proc/net/tcp*. */
export function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>()
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const link = readlinkSync(`/proc/${pid}/fd/${fd}`)
      if (link.startsWith('socket:[')) inodes.add(link.slice(8, -1))
    } catch {
      // closed while we read
    }
  }
  const ports = new Set<number>()
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/)
      // fields: sl local rem st … inode; st 0A is LISTEN
      if (fields[3] === '0A' && inodes.has(fields[9]!))
        ports.add(parseInt(fields[1]!.split(':').at(-1)!, 16))
    }
  }
  return [...ports]
}
