/**
 * Resource faults: with the built-in workers (on every machine), and with stress-ng through a
 * CONTRACT STUB on PATH (tests/fixtures/stress-ng-stub), since stress-ng may not be installed.
 * Each load is measured from /proc, and leaves nothing behind.
 */
import { existsSync, readFileSync } from 'node:fs'
import { readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import { processState } from '../../../../src/core/process/find.js'
import { ROOT } from '../../../helpers/action-runner.js'
import { tempDir } from '../../../helpers/processes.js'
import { okTarget, runYaml, scenarioYaml } from './helpers.js'

const gone = (pid: number): boolean => processState(pid) === null
const MIB = 1024 * 1024

async function stressNgStub(): Promise<{ env: NodeJS.ProcessEnv; log: string }> {
  const log = path.join(await tempDir(), 'stress-ng.log')
  await writeFile(log, '')
  return {
    env: {
      ...process.env,
      PATH: `${path.join(ROOT, 'tests/fixtures/stress-ng-stub')}:${process.env.PATH}`,
      STRESS_NG_STUB_LOG: log
    },
    log
  }
}

describe('resource faults with the built-in workers', () => {
  it('cpu_exhaust burns CPU in its workers, and stops them', async () => {
    const [result] = await runYaml(
      scenarioYaml('cpu_exhaust', 1, { cpu_workers: 2, tool: 'built-in' }),
      { target: await okTarget() }
    )
    expect([result!.status, result!.reason]).toEqual(['passed', null])
    expect(result!.details.tool).toBe('built-in')
    // the workers burned CPU; how much depends on who else wants the machine, so no share is asserted
    // (the passed status says the fault landed: the machine busy, or the workers a quarter of it)
    expect(result!.details.cpu_seconds as number).toBeGreaterThan(0)
    expect((result!.details.pids as number[]).every(gone)).toBe(true)
  })

  it('memory_leak reaches the requested RSS within 10%, and its worker is gone afterwards', async () => {
    const bytes = 512 * MIB
    const [result] = await runYaml(
      // 3 s: the worker must have filled its 512 MiB before the fault ends, however busy the machine
      scenarioYaml('memory_leak', 3, { memory_size: '512M', tool: 'built-in' }),
      { target: await okTarget() }
    )
    expect([result!.status, result!.reason]).toEqual(['passed', null])
    const peak = result!.details.peak_rss_bytes as number
    expect(Math.abs(peak - bytes)).toBeLessThanOrEqual(bytes * 0.1)
    expect((result!.details.pids as number[]).every(gone)).toBe(true)
  })

  it('disk_stress writes and fsyncs, and leaves no file behind', async () => {
    const dir = await tempDir()
    const [result] = await runYaml(
      scenarioYaml('disk_stress', 1, { io_workers: 1, path: dir, tool: 'built-in' }),
      { target: await okTarget() }
    )
    expect([result!.status, result!.reason]).toEqual(['passed', null])
    expect(result!.details.bytes_written as number).toBeGreaterThan(MIB)
    expect(existsSync(result!.details.folder as string)).toBe(false)
    expect(await readdir(dir)).toEqual([])
  })
})

describe('resource faults with stress-ng (contract tests: a stress-ng stub on PATH)', () => {
  it('cpu_exhaust asks stress-ng for N CPU workers and measures their whole tree', async () => {
    const { env, log } = await stressNgStub()
    const [result] = await runYaml(scenarioYaml('cpu_exhaust', 1, { cpu_workers: 2 }), {
      target: await okTarget(),
      env
    })
    expect([result!.status, result!.reason]).toEqual(['passed', null])
    expect(result!.details.tool).toBe('stress-ng, version 0.15.06 (contract stub)')
    expect(readFileSync(log, 'utf8')).toBe('--cpu 2 --timeout 24h\n')
    // the stub itself (a shell that only waits) burns almost nothing: the CPU time is its workers'
    expect(result!.details.cpu_seconds as number).toBeGreaterThan(0.05)
    expect((result!.details.pids as number[]).every(gone)).toBe(true)
  })

  it('memory_leak asks for one vm worker holding the size', async () => {
    const { env, log } = await stressNgStub()
    const bytes = 256 * MIB
    // 3 s: the stub's worker must have filled its 256 MiB before the fault ends, however busy the machine
    const [result] = await runYaml(scenarioYaml('memory_leak', 3, { memory_size: '256M' }), {
      target: await okTarget(),
      env
    })
    expect([result!.status, result!.reason]).toEqual(['passed', null])
    expect(readFileSync(log, 'utf8')).toBe(`--vm 1 --vm-bytes ${bytes} --vm-keep --timeout 24h\n`)
    expect(result!.details.peak_rss_bytes as number).toBeGreaterThanOrEqual(bytes * 0.9)
  })

  it('disk_stress asks for hdd workers in its own folder, which is removed', async () => {
    const { env, log } = await stressNgStub()
    const dir = await tempDir()
    // 3 s: the stub's writers are python processes, which must have started (and written their
    // first MiB) before the fault ends, however busy the machine; CI once saw none within 1 s
    const [result] = await runYaml(scenarioYaml('disk_stress', 3, { io_workers: 2, path: dir }), {
      target: await okTarget(),
      env
    })
    expect([result!.status, result!.reason]).toEqual(['passed', null])
    expect(readFileSync(log, 'utf8')).toMatch(
      /^--hdd 2 --hdd-bytes \d+ --hdd-opts fsync --temp-path \S+chaos-ci-disk-\w+ --timeout 24h\n$/
    )
    expect(result!.details.bytes_written as number).toBeGreaterThan(MIB)
    expect(await readdir(dir)).toEqual([])
  })
})

it('tool: stress-ng where it is not installed is an error that says so', async () => {
  const [result] = await runYaml(scenarioYaml('cpu_exhaust', 1, { tool: 'stress-ng' }), {
    target: await okTarget(),
    env: { ...process.env, PATH: '/nonexistent' }
  })
  expect(result!.status).toBe('error')
  expect(result!.reason).toMatch(/stress-ng was asked for, but stress-ng is not installed/)
})
