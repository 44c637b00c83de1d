/**
 * Results that come from elsewhere (a workflow_run artifact, another job's upload) are data, read as
 * regular files of a sane size: a link that could point anywhere on the runner, a FIFO that would
 * block a read forever, a folder, or a file far bigger than any chaos-ci writes, is refused by name
 * before it is read — by the readers of comment and validate and by the history recorder.
 */
import { execFileSync } from 'node:child_process'
import { mkdir, symlink, truncate, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import { openBytes } from '../../../../src/core/history/db.js'
import { recordFiles } from '../../../../src/core/history/files.js'
import {
  expandInputs,
  MAX_RESULTS_BYTES,
  readResults,
  readResultsIn
} from '../../../../src/core/results/files.js'
import { userErrorFrom } from '../../../helpers/errors.js'
import { tempDir } from '../../../helpers/processes.js'
import { HEALTH_PAYLOAD, resultsFile } from '../../../helpers/results.js'

async function artifact(): Promise<string> {
  const dir = await tempDir('chaos-ci-artifact-')
  await resultsFile(dir, 'health', HEALTH_PAYLOAD, {}, 'good')
  return dir
}

describe('results read from an artifact', () => {
  it('refuses a symbolic link, naming it, without reading what it points at', async () => {
    const dir = await artifact()
    const secret = path.join(await tempDir(), 'secret.json')
    await writeFile(secret, '{"token": "s3cr3t"}')
    await symlink(secret, path.join(dir, 'inject-evil.json'))
    const error = await userErrorFrom(readResultsIn(dir, 'fix'))
    expect(error.location.file).toBe(path.join(dir, 'inject-evil.json'))
    expect(error.message).toMatch(/symbolic link/)
    expect(error.message).not.toMatch(/s3cr3t/)
  })

  it('refuses a FIFO named like a results file, naming it, instead of waiting forever for a writer', async () => {
    const dir = await artifact()
    const fifo = path.join(dir, 'x.json')
    execFileSync('mkfifo', [fifo])
    const error = await userErrorFrom(readResultsIn(dir, 'fix'))
    expect(error.location.file).toBe(fifo)
    expect(error.message).toBe(
      'is a named pipe (FIFO); results files are read only as regular files.'
    )
    expect((await userErrorFrom(readResults(fifo))).message).toMatch(/named pipe \(FIFO\)/)
  })

  it('refuses a folder named like a results file', async () => {
    const dir = await artifact()
    await mkdir(path.join(dir, 'inject-folder.json'))
    const error = await userErrorFrom(readResultsIn(dir, 'fix'))
    expect(error.location.file).toBe(path.join(dir, 'inject-folder.json'))
    expect(error.message).toMatch(/^is a folder;/)
  })

  it('refuses a file bigger than any chaos-ci writes', async () => {
    const dir = await artifact()
    const big = path.join(dir, 'inject-big.json')
    await writeFile(big, '')
    await truncate(big, MAX_RESULTS_BYTES + 1)
    const error = await userErrorFrom(readResultsIn(dir, 'fix'))
    expect(error.message).toMatch(/more than any chaos-ci results file/)
  })

  it('the history records the good files and names the refused ones', async () => {
    const dir = await artifact()
    await symlink('/etc/hostname', path.join(dir, 'health-link.json'))
    const db = await openBytes('h.db', undefined)
    const recorded = await recordFiles(db, [
      path.join(dir, 'health-good.json'),
      path.join(dir, 'health-link.json')
    ])
    db.close()
    expect(recorded.files.map(f => path.basename(f.file))).toEqual(['health-good.json'])
    expect(recorded.skipped).toHaveLength(1)
    expect(recorded.skipped[0]!.problem).toMatch(/health-link\.json.*symbolic link/)
  })

  it('the history records the good files of a folder and names the FIFO among them', async () => {
    const dir = await artifact()
    execFileSync('mkfifo', [path.join(dir, 'x.json')])
    const db = await openBytes('h.db', undefined)
    const recorded = await recordFiles(db, await expandInputs([dir]))
    db.close()
    expect(recorded.files.map(f => path.basename(f.file))).toEqual(['health-good.json'])
    expect(recorded.skipped.map(s => s.problem)).toEqual([
      expect.stringMatching(/x\.json: is a named pipe \(FIFO\)/)
    ])
  })

  it('records many files in the order given while reading ahead, skipping only the refused one', async () => {
    const dir = await tempDir('chaos-ci-many-')
    const files: string[] = []
    for (let n = 0; n < 70; n++) {
      if (n === 40) {
        await symlink('/etc/hostname', path.join(dir, 'health-40.json'))
        files.push(path.join(dir, 'health-40.json'))
      } else files.push(await resultsFile(dir, 'health', HEALTH_PAYLOAD, {}, String(n)))
    }
    const db = await openBytes('h.db', undefined)
    const recorded = await recordFiles(db, files)
    db.close()
    expect(recorded.files.map(f => f.file)).toEqual(files.filter((_, n) => n !== 40))
    expect(recorded.skipped.map(s => s.file)).toEqual([files[40]])
  })
})
