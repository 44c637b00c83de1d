/**
 * Resource-fault efficacy is the pressure the machine is under, whoever causes it (issue #20): the
 * /proc readers on a fake /proc, and the verdicts on measured figures.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import { cpuEfficacy } from '../../../../src/core/faults/cpu-exhaust.js'
import { diskEfficacy } from '../../../../src/core/faults/disk-stress.js'
import {
  cpuBusy,
  cpuSample,
  diskBusy,
  diskSample,
  memorySample
} from '../../../../src/core/faults/machine.js'
import { memoryEfficacy } from '../../../../src/core/faults/memory-leak.js'
import { tempDir } from '../../../helpers/processes.js'

const MIB = 1024 * 1024

async function fakeProc(files: Record<string, string>): Promise<string> {
  const root = path.join(await tempDir(), 'proc')
  await mkdir(root)
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(root, name), text)
  return root
}

describe('the machine readers', () => {
  it('reads busy CPU time from /proc/stat, counting steal as busy and iowait as idle', async () => {
    const stat = (user: number, idle: number, iowait: number, steal: number): string =>
      `cpu  ${user} 0 0 ${idle} ${iowait} 0 0 ${steal} 0 0\ncpu0 1 0 0 1 0 0 0 0 0 0\ncpu1 1 0 0 1 0 0 0 0 0 0\n`
    const from = cpuSample(await fakeProc({ stat: stat(100, 100, 0, 0) }))
    const to = cpuSample(await fakeProc({ stat: stat(160, 120, 10, 10) }))
    expect(from).toEqual({ busy: 100, total: 200, cpus: 2 })
    // 60 user + 10 steal busy of 100 ticks
    expect(cpuBusy(from, to)).toBeCloseTo(0.7, 5)
    expect(cpuBusy(null, to)).toBeNull()
  })

  it('reads MemTotal and MemAvailable, and the busiest whole disk', async () => {
    const root = await fakeProc({
      meminfo: 'MemTotal:       2048 kB\nMemFree:  10 kB\nMemAvailable:   1024 kB\n',
      diskstats: [
        '   7       0 loop0 0 0 0 0 0 0 0 0 0 9000 0',
        '   8       0 sda 1 0 0 0 1 0 0 0 0 1000 0',
        '   8       1 sda1 1 0 0 0 1 0 0 0 0 1000 0',
        ' 259       0 nvme0n1 1 0 0 0 1 0 0 0 0 50 0'
      ].join('\n')
    })
    expect(memorySample(root)).toEqual({ total: 2048 * 1024, available: 1024 * 1024 })
    const from = diskSample(root, 0)
    expect(from!.busyMs).toEqual({ sda: 1000, nvme0n1: 50 })
    expect(diskBusy(from, { busyMs: { sda: 1600, nvme0n1: 100 }, atMs: 1000 })).toBeCloseTo(0.6, 5)
  })
})

describe('resource-fault efficacy', () => {
  const cpu = { workers: 2, cores: 2, cpus: 2, wallSeconds: 2 }

  it("calls a CPU fault landed when the machine's CPUs are saturated, whoever burns them", () => {
    // The case: the workers got 20% of 2 cores because other work saturated them.
    const busy = cpuEfficacy({ ...cpu, workerSeconds: 0.8, machineBusy: 0.99 })
    expect(busy.landed).toBe(true)
    expect(busy.detail).toBe(
      'machine CPUs 99% busy during the fault, whoever burns them (80% of 2 wanted); 0.8 CPU s burned by 2 worker(s) (20% of 2 core(s) × 2.0 s)'
    )
    // An idle machine whose workers did not run: no contention at all.
    expect(cpuEfficacy({ ...cpu, workerSeconds: 0.1, machineBusy: 0.1 }).landed).toBe(false)
    // One worker of two CPUs asks for half the machine.
    expect(cpuEfficacy({ ...cpu, workers: 1, workerSeconds: 0.2, machineBusy: 0.45 }).landed).toBe(
      true
    )
    // No /proc/stat: the workers' own CPU time decides, as before.
    expect(cpuEfficacy({ ...cpu, workerSeconds: 2, machineBusy: null }).landed).toBe(true)
  })

  it('calls a memory fault landed when the machine lost that much memory, whoever took it', () => {
    const base = { bytes: 512 * MIB, total: 4096 * MIB, availableBefore: 3000 * MIB }
    expect(memoryEfficacy({ ...base, peakRss: 100 * MIB, availableLeast: 2500 * MIB }).landed).toBe(
      true
    )
    expect(memoryEfficacy({ ...base, peakRss: 100 * MIB, availableLeast: 2900 * MIB }).landed).toBe(
      false
    )
    // Already tight: under 10% of the machine's memory available.
    expect(
      memoryEfficacy({ ...base, peakRss: 0, availableBefore: 400 * MIB, availableLeast: 300 * MIB })
        .landed
    ).toBe(true)
    expect(memoryEfficacy({ ...base, peakRss: 500 * MIB, availableLeast: 2900 * MIB }).detail).toBe(
      'peak RSS 500 MiB of 512 MiB asked; machine memory available 3000 MiB before, 2900 MiB at least during the fault, of 4096 MiB'
    )
  })

  it('calls a disk fault landed when the workers wrote or the disk was busy', () => {
    expect(diskEfficacy({ written: 0, busiest: 0.9 }).landed).toBe(true)
    expect(diskEfficacy({ written: 0, busiest: 0.1 }).landed).toBe(false)
    expect(diskEfficacy({ written: 5 * MIB, busiest: 0.1 })).toEqual({
      landed: true,
      detail: '5 MiB written; the busiest disk doing I/O 10% of the fault, whoever causes it'
    })
  })
})
