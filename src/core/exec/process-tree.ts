/**
 * Process trees on Linux, read from /proc: the descendants of a PID, whether a PID is still alive,
 * which process a PID is (its start time and the boot, so a recycled PID is never mistaken for
 * ours), and ending a whole tree — SIGTERM, a grace period, then SIGKILL — so that no orphan survives.
 */
import { readdirSync, readFileSync } from 'node:fs'

/** `[pid, ppid, pgid]` for every process, or [] where /proc is not available. */
function processTable(): Array<[number, number, number]> {
  let names: string[]
  try {
    names = readdirSync('/proc')
  } catch {
    return []
  }
  const table: Array<[number, number, number]> = []
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue
    try {
      // the command name (field 2) may contain spaces and parentheses: parse after the last ')'
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (fields[0] === 'Z') continue
      table.push([Number(name), Number(fields[1]), Number(fields[2])])
    } catch {
      // the process ended while we read
    }
  }
  return table
}

/** Every live descendant of `pid`, and every live member of its process group. */
export function descendants(pid: number): number[] {
  const table = processTable()
  const found = new Set<number>()
  let frontier = [pid]
  while (frontier.length > 0) {
    const parents = new Set(frontier)
    frontier = table
      .filter(([child, parent]) => parents.has(parent) && !found.has(child))
      .map(([child]) => child)
    for (const child of frontier) found.add(child)
  }
  for (const [member, , group] of table) if (group === pid && member !== pid) found.add(member)
  return [...found]
}

/** True when `pid` exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    try {
      process.kill(pid, 0)
      return true
    } catch {
      return false
    }
  }
}

/** Who a PID was when it was recorded: its start time (clock ticks since boot) and the boot. */
export interface ProcessIdentity {
  startTime?: number
  bootId?: string
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return null
  }
}

/** The start time of `pid` in clock ticks after boot (/proc/<pid>/stat field 22), or null. */
export function startTime(pid: number): number | null {
  const stat = readOrNull(`/proc/${pid}/stat`)
  if (!stat) return null
  const value = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19])
  return Number.isFinite(value) ? value : null
}

/** This boot's id (/proc/sys/kernel/random/boot_id), or null where there is none. */
export function bootId(): string | null {
  return readOrNull('/proc/sys/kernel/random/boot_id')?.trim() || null
}

/** `pid`'s identity now, to record beside it; empty where /proc is not available. */
export function identify(pid: number): ProcessIdentity {
  const time = startTime(pid)
  const boot = bootId()
  return { ...(time !== null ? { startTime: time } : {}), ...(boot ? { bootId: boot } : {}) }
}

/**
 * Whether `pid` is still the process recorded as `identity`: `gone` (it exited, or the machine
 * rebooted since), `other` (the PID now belongs to a process started later) or `same`. With
 * nothing recorded, a live PID counts as the same.
 */
export function whoIs(pid: number, identity: ProcessIdentity): 'same' | 'other' | 'gone' {
  if (identity.bootId && bootId() && identity.bootId !== bootId()) return 'gone'
  if (!isAlive(pid)) return 'gone'
  if (identity.startTime === undefined) return 'same'
  return startTime(pid) === identity.startTime ? 'same' : 'other'
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name)
  } catch {
    // already gone
  }
}

/** Sends `name` to the process group led by `pid` (if any) and to each PID. */
function signalAll(pid: number, pids: number[], name: NodeJS.Signals): void {
  signal(-pid, name)
  for (const each of pids) signal(each, name)
}

/**
 * Ends `pid` and all its descendants: SIGTERM to all, up to `graceMs` for them to exit, then SIGKILL
 * to whatever is left (including children forked meanwhile). Returns every PID that was signalled.
 */
export async function killTree(
  pid: number,
  graceMs: number,
  sleep = (ms: number) => new Promise(r => setTimeout(r, ms))
): Promise<number[]> {
  const touched = new Set([pid, ...descendants(pid)])
  signalAll(pid, [...touched], 'SIGTERM')
  const deadline = Date.now() + graceMs
  while (Date.now() < deadline && [...touched].some(isAlive)) await sleep(Math.min(50, graceMs))
  for (const late of descendants(pid)) touched.add(late)
  const survivors = [...touched].filter(isAlive)
  if (survivors.length > 0) signalAll(pid, survivors, 'SIGKILL')
  return [...touched]
}
