/**
 * The pressure the whole machine is under, from /proc, whoever causes it: CPU time busy
 * (/proc/stat), memory available (/proc/meminfo) and disk time busy (/proc/diskstats). A resource
 * fault's efficacy is the contention the service sees, not what chaos-ci's own workers managed to
 * get on a machine that others already saturate (issue #20).
 */
import { readFileSync } from 'node:fs'

/** Cumulative CPU time of all CPUs, in clock ticks: busy is everything but idle and iowait. */
export interface CpuSample {
  busy: number
  total: number
  /** CPUs the line covers (the cpuN lines). */
  cpus: number
}

/** Memory of the machine in bytes: MemTotal and MemAvailable. */
export interface MemorySample {
  total: number
  available: number
}

/** The busiest disk's cumulative time spent doing I/O (ms), and when it was read (ms). */
export interface DiskSample {
  busyMs: Record<string, number>
  atMs: number
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}

/** The aggregate `cpu` line of /proc/stat (steal counts as busy: someone else had the CPU). */
export function cpuSample(root = '/proc'): CpuSample | null {
  const lines = read(`${root}/stat`)?.split('\n') ?? []
  const line = lines[0]
  if (!line?.startsWith('cpu ')) return null
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number)
  if (ticks.length < 5 || ticks.some(n => !Number.isFinite(n))) return null
  const total = ticks.reduce((a, b) => a + b, 0)
  const cpus = lines.filter(l => /^cpu\d+ /.test(l)).length
  return { busy: total - ticks[3]! - ticks[4]!, total, cpus: Math.max(1, cpus) }
}

/** The fraction of all CPU time that was busy between two samples, or null without one. */
export function cpuBusy(from: CpuSample | null, to: CpuSample | null): number | null {
  if (!from || !to || to.total <= from.total) return null
  return (to.busy - from.busy) / (to.total - from.total)
}

export function memorySample(root = '/proc'): MemorySample | null {
  const text = read(`${root}/meminfo`)
  const kb = (key: string): number | null => {
    const match = text && new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)
    return match ? Number(match[1]) * 1024 : null
  }
  const total = kb('MemTotal')
  const available = kb('MemAvailable')
  return total === null || available === null ? null : { total, available }
}

/** Whole disks only (sda, nvme0n1, vda …), not partitions, loop or RAM devices. */
function isDisk(name: string): boolean {
  if (/^(loop|ram|zram|sr|fd)\d/.test(name)) return false
  return !/^(sd|vd|xvd|hd)[a-z]+\d+$/.test(name) && !/^(nvme\d+n\d+|mmcblk\d+)p\d+$/.test(name)
}

export function diskSample(root = '/proc', now = Date.now()): DiskSample | null {
  const text = read(`${root}/diskstats`)
  if (text === null) return null
  const busyMs: Record<string, number> = {}
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/)
    // major minor name reads … ; field 13 (index 12) is the time spent doing I/O, in ms
    if (fields.length >= 13 && isDisk(fields[2]!)) busyMs[fields[2]!] = Number(fields[12])
  }
  return { busyMs, atMs: now }
}

/** The busiest disk's share of the time between two samples spent doing I/O, or null. */
export function diskBusy(from: DiskSample | null, to: DiskSample | null): number | null {
  if (!from || !to || to.atMs <= from.atMs) return null
  const wall = to.atMs - from.atMs
  const shares = Object.keys(to.busyMs).flatMap(name =>
    from.busyMs[name] === undefined ? [] : [(to.busyMs[name]! - from.busyMs[name]) / wall]
  )
  return shares.length ? Math.min(1, Math.max(...shares)) : null
}
