/** Resource faults with the built-in workers: each is measured, and leaves nothing behind. */
import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'

import { describe, expect, it } from '@jest/globals'

import { processState } from '../../../../src/core/process/find.js'
import { tempDir } from '../../../helpers/processes.js'
import { okTarget, runYaml, scenarioYaml } from './helpers.js'

const gone = (pid: number): boolean => processState(pid) === null

describe('resource faults (built-in workers)', () => {
  it('cpu_exhaust burns CPU in its workers, and stops them', async () => {
    const [result] = await runYaml(scenarioYaml('cpu_exhaust', 1, { cpu_workers: 2 }), {
      target: await okTarget()
    })
    expect([result!.status, result!.reason]).toEqual(['passed', null])
    expect(result!.details.cpu_seconds as number).toBeGreaterThan(0.5)
    expect((result!.details.pids as number[]).every(gone)).toBe(true)
  })

  it('memory_leak reaches the requested RSS within 10%, and its worker is gone afterwards', async () => {
    const bytes = 512 * 1024 * 1024
    const [result] = await runYaml(scenarioYaml('memory_leak', 1.5, { memory_size: '512M' }), {
      target: await okTarget()
    })
    expect([result!.status, result!.reason]).toEqual(['passed', null])
    const peak = result!.details.peak_rss_bytes as number
    expect(Math.abs(peak - bytes)).toBeLessThanOrEqual(bytes * 0.1)
    expect(gone(result!.details.pid as number)).toBe(true)
  })

  it('disk_stress writes and fsyncs, and leaves no file behind', async () => {
    const dir = await tempDir()
    const [result] = await runYaml(scenarioYaml('disk_stress', 1, { io_workers: 1, path: dir }), {
      target: await okTarget()
    })
    expect([result!.status, result!.reason]).toEqual(['passed', null])
    expect(result!.details.bytes_written as number).toBeGreaterThan(1024 * 1024)
    expect(existsSync(result!.details.folder as string)).toBe(false)
    expect(await readdir(dir)).toEqual([])
  })
})
