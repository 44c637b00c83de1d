/**
 * `disk_stress` (seed: I/O workers): `io_workers` workers (stress-ng's hdd workers when it is
 * installed) write with fsync into a temporary folder, each rewriting its own file from the start at a cap, so the space used stays
 * bounded: the caps together leave at least 1 GiB or 10% of the disk free, whichever is more. The
 * folder is always removed: its removal is registered and saved (for the post step, or the CLI's
 * next run) before it is made. Measured: the bytes written, and the busiest disk's I/O time
 * (/proc/diskstats). Efficacy is the I/O pressure the service sees (issue #20), whoever causes it:
 * the workers wrote, or the busiest disk was doing I/O at least half the time of the fault.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, rm, statfs } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { diskBusy, diskSample } from './machine.js'
import { byIntensity, type FaultPlugin, Params } from './plugin.js'
import { LOAD_TOOLS, type LoadTool, startLoad } from './workers.js'

const MIB = 1024 * 1024
const GIB = 1024 * MIB

/** Whether the fault landed, and why, from what was measured. */
export function diskEfficacy(m: { written: number; busiest: number | null }): {
  landed: boolean
  detail: string
} {
  const machine =
    m.busiest === null
      ? 'disk I/O time unknown (no /proc/diskstats)'
      : `the busiest disk doing I/O ${Math.round(100 * m.busiest)}% of the fault, whoever causes it`
  return {
    landed: m.written > 0 || (m.busiest !== null && m.busiest >= 0.5),
    detail: `${Math.round(m.written / MIB)} MiB written; ${machine}`
  }
}

interface Settings {
  workers: number
  dir: string
  tool: LoadTool
}

export const diskStress: FaultPlugin<Settings> = {
  type: 'disk_stress',
  route: 'tcp',
  settings(scenario, file) {
    const params = new Params(scenario, file)
    return {
      workers: params.number(
        'io_workers',
        byIntensity(scenario, { light: 1, medium: 2, heavy: 4 }),
        1,
        64
      ),
      dir: params.string('path') ?? os.tmpdir(),
      tool: params.choice('tool', LOAD_TOOLS, 'auto')
    }
  },
  describe: ({ workers, dir }) => `${workers} worker(s) writing and fsyncing in ${dir}`,
  async apply({ workers, dir, tool }, target) {
    const disk = await statfs(dir)
    const free = disk.bavail * disk.bsize
    const keep = Math.max(GIB, 0.1 * disk.blocks * disk.bsize)
    const budget = free - keep
    if (budget < workers * 16 * MIB)
      throw new Error(
        `only ${Math.round(free / MIB)} MiB free in ${dir}; disk_stress keeps ${Math.round(keep / MIB)} MiB free`
      )
    const cap = Math.max(MIB, Math.min(256 * MIB, Math.floor(budget / workers / MIB) * MIB))
    // named first, so that its removal is registered (and saved) before it exists
    const folder = path.join(dir, `chaos-ci-disk-${randomBytes(6).toString('hex')}`)
    let made = false
    target.rollback.register(
      `remove ${folder}`,
      () => (made ? rm(folder, { recursive: true, force: true }) : undefined),
      { kind: 'remove', name: `disk_stress folder ${folder}`, path: folder }
    )
    await mkdir(folder, { mode: 0o700 }) // never an existing folder: EEXIST fails the fault
    made = true
    const before = diskSample()
    const load = await startLoad(
      { kind: 'disk', count: workers, bytes: cap, folder, tool },
      target.rollback,
      target.env
    )
    let written = 0
    let busiest: number | null = null
    target.rollback.register('measure the disk load', () => {
      written = load.measure().writtenBytes
      busiest = diskBusy(before, diskSample())
    })
    const details: Record<string, unknown> = {
      workers,
      tool: load.tool,
      pids: load.pids,
      folder,
      cap_bytes: cap
    }
    return {
      details,
      efficacy: () => {
        details.bytes_written = written
        details.machine_disk_busy_percent = busiest === null ? null : Math.round(100 * busiest)
        return diskEfficacy({ written, busiest })
      }
    }
  }
}
