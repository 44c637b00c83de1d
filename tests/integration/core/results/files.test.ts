import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import { readResults, safeId, writeStageResults } from '../../../../src/core/results/files.js'

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'chaos-ci-results-'))
}

describe('results files on disk', () => {
  it('writes <stage>-<id>.json and reads it back', async () => {
    const dir = path.join(await tempDir(), 'chaos-results')
    const file = await writeStageResults({
      dir,
      id: 'chaos-__run',
      stage: 'health',
      status: { status: 'passed', status_reason: null },
      payload: { healthy: true },
      startedAt: new Date(0),
      env: { GITHUB_RUN_ID: '12' }
    })
    expect(path.basename(file)).toBe('health-chaos-__run.json')
    const read = await readResults<{ healthy: boolean }>(file, 'health')
    expect(read.payload.healthy).toBe(true)
    expect(read.run.run_id).toBe('12')
  })

  it('never overwrites: a second step of the same stage gets a suffix', async () => {
    const dir = await tempDir()
    const write = (payload: number) =>
      writeStageResults({
        dir,
        id: 'same',
        stage: 'health',
        status: { status: 'passed', status_reason: null },
        payload,
        startedAt: new Date(),
        env: {}
      })
    const files = [await write(1), await write(2), await write(3)]
    expect(files.map(file => path.basename(file))).toEqual([
      'health-same.json',
      'health-same-2.json',
      'health-same-3.json'
    ])
    expect((JSON.parse(await readFile(files[0]!, 'utf8')) as { payload: number }).payload).toBe(1)
  })

  it('names the file when it is missing or broken', async () => {
    const dir = await tempDir()
    await expect(readResults(path.join(dir, 'nope.json'))).rejects.toMatchObject({
      location: { file: path.join(dir, 'nope.json') },
      message: expect.stringMatching(/does not exist/)
    })
    const broken = path.join(dir, 'broken.json')
    await writeFile(broken, '{"schema": ')
    await expect(readResults(broken)).rejects.toMatchObject({
      location: { file: broken },
      message: expect.stringMatching(/not valid JSON/)
    })
  })

  it('makes ids safe for file names', () => {
    expect(safeId('build / test: a*b')).toBe('build-test-a-b')
    expect(safeId('../../etc')).toBe('etc')
    expect(safeId('')).toBe('run')
  })
})
