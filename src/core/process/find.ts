/**
 * Finding the target process on Linux without lsof: by PID, by a PID file, by the TCP port it
 * listens on (a listening socket's inode in /proc/net/tcp and tcp6, matched against the
 * `socket:[inode]` links in /proc/<pid>/fd), or by a match on its command line.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs'

export interface ProcessSelector {
  pid?: number
  pidFile?: string
  port?: number
  /** A substring of the command line (arguments joined by spaces). */
  command?: string
}

/** Where /proc is; tests may point it elsewhere. */
export interface ProcFs {
  root: string
  /** PIDs never to return (this process and its ancestors: a command match must not hit us). */
  exclude: ReadonlySet<number>
}

function pids(proc: ProcFs): number[] {
  return readdirSync(proc.root)
    .filter(name => /^\d+$/.test(name))
    .map(Number)
    .filter(pid => !proc.exclude.has(pid))
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}

/** The inodes of sockets listening on `port` (IPv4 and IPv6). */
export function listeningInodes(port: number, proc: ProcFs): Set<string> {
  const inodes = new Set<string>()
  const hex = port.toString(16).toUpperCase().padStart(4, '0')
  for (const table of ['net/tcp', 'net/tcp6']) {
    const text = read(`${proc.root}/${table}`)
    if (!text) continue
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/)
      // fields: sl local rem st tx:rx tr:when retrnsmt uid timeout inode …; st 0A is LISTEN
      if (fields.length > 9 && fields[1]!.endsWith(`:${hex}`) && fields[3] === '0A')
        inodes.add(fields[9]!)
    }
  }
  return inodes
}

function byPort(port: number, proc: ProcFs): number[] {
  const inodes = listeningInodes(port, proc)
  if (inodes.size === 0) return []
  return pids(proc).filter(pid => {
    let fds: string[]
    try {
      fds = readdirSync(`${proc.root}/${pid}/fd`)
    } catch {
      return false
    }
    return fds.some(fd => {
      try {
        const link = readlinkSync(`${proc.root}/${pid}/fd/${fd}`)
        return link.startsWith('socket:[') && inodes.has(link.slice(8, -1))
      } catch {
        return false
      }
    })
  })
}

function byCommand(needle: string, proc: ProcFs): number[] {
  return pids(proc).filter(pid => {
    const cmdline = read(`${proc.root}/${pid}/cmdline`)
    return cmdline !== null && cmdline.split('\0').join(' ').trim().includes(needle)
  })
}

/** The process state letter (R, S, T for stopped, Z for zombie …), or null when it is gone. */
export function processState(
  pid: number,
  proc: Pick<ProcFs, 'root'> = { root: '/proc' }
): string | null {
  const stat = read(`${proc.root}/${pid}/stat`)
  if (!stat) return null
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) || null
}

/** CPU time (user + system) a process has used, in clock ticks (usually 1/100 s), or null. */
export function cpuTicks(
  pid: number,
  proc: Pick<ProcFs, 'root'> = { root: '/proc' }
): number | null {
  const stat = read(`${proc.root}/${pid}/stat`)
  if (!stat) return null
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return Number(fields[11]) + Number(fields[12])
}

/** Resident memory of a process in bytes (VmRSS), or null. */
export function rssBytes(
  pid: number,
  proc: Pick<ProcFs, 'root'> = { root: '/proc' }
): number | null {
  const status = read(`${proc.root}/${pid}/status`)
  const match = status && /^VmRSS:\s+(\d+) kB/m.exec(status)
  return match ? Number(match[1]) * 1024 : null
}

/** Bytes a process has written through write calls (wchar in /proc/<pid>/io), or null. */
export function writtenBytes(
  pid: number,
  proc: Pick<ProcFs, 'root'> = { root: '/proc' }
): number | null {
  const io = read(`${proc.root}/${pid}/io`)
  const match = io && /^wchar:\s+(\d+)/m.exec(io)
  return match ? Number(match[1]) : null
}

/** This process and its ancestors, which a command-line match must never select. */
export function selfAndAncestors(root = '/proc'): Set<number> {
  const found = new Set<number>()
  let pid = process.pid
  while (pid > 1 && !found.has(pid)) {
    found.add(pid)
    const stat = read(`${root}/${pid}/stat`)
    if (!stat) break
    pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  }
  return found
}

/** The live PIDs the selector names (sorted, no zombies). */
export function findProcesses(selector: ProcessSelector, proc: ProcFs): number[] {
  let found: number[] = []
  if (selector.pid !== undefined) found = [selector.pid]
  else if (selector.pidFile !== undefined) {
    const text = read(selector.pidFile)
    const pid = text === null ? NaN : Number(text.trim())
    found = Number.isInteger(pid) && pid > 0 ? [pid] : []
  } else if (selector.port !== undefined) found = byPort(selector.port, proc)
  else if (selector.command !== undefined) found = byCommand(selector.command, proc)
  return [...new Set(found)]
    .filter(pid => {
      const state = processState(pid, proc)
      return state !== null && state !== 'Z' && !proc.exclude.has(pid)
    })
    .sort((a, b) => a - b)
}
