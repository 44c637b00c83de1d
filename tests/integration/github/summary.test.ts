/**
 * The job summary at GitHub's 1 MiB limit, written through @actions/core to a real temp file as the
 * runner provides it: a summary that fits is written whole, one byte more is cut at a line end with
 * the note saying so, and nothing written ever exceeds the limit.
 */
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'

import { appendSummary, SUMMARY_LIMIT } from '../../../src/github/summary.js'
import { tempDir } from '../../helpers/processes.js'

let file: string
let previous: string | undefined

// @actions/core keeps the summary file's path after its first write: one file, emptied per test.
beforeAll(async () => {
  file = path.join(await tempDir('chaos-ci-summary-'), 'step-summary')
  previous = process.env.GITHUB_STEP_SUMMARY
  process.env.GITHUB_STEP_SUMMARY = file
})

beforeEach(async () => {
  await writeFile(file, '')
})

afterAll(() => {
  if (previous === undefined) delete process.env.GITHUB_STEP_SUMMARY
  else process.env.GITHUB_STEP_SUMMARY = previous
})

/** Lines of 99 characters and a newline, `bytes` long in all. */
const markdown = (bytes: number): string => {
  const line = `${'x'.repeat(99)}\n`
  return line.repeat(Math.floor(bytes / 100)) + 'y'.repeat(bytes % 100)
}

describe('the job summary at 1 MiB', () => {
  it('writes a summary that fits whole', async () => {
    const fits = markdown(SUMMARY_LIMIT - 1024)
    await appendSummary(fits)
    expect(await readFile(file, 'utf8')).toBe(`${fits}\n`)
  })

  it('cuts one byte more at a line end, says so, and stays under 1 MiB', async () => {
    await appendSummary(markdown(SUMMARY_LIMIT - 1024 + 1), 'cut here')
    const written = await readFile(file, 'utf8')
    expect(Buffer.byteLength(written)).toBeLessThanOrEqual(SUMMARY_LIMIT)
    expect(written.endsWith('\n\n_cut here_\n')).toBe(true)
    expect(
      written
        .split('\n\n')[0]!
        .split('\n')
        .every(line => line.length === 99)
    ).toBe(true)
  })

  it('cuts a summary of several MiB under 1 MiB', async () => {
    await appendSummary(markdown(3 * SUMMARY_LIMIT))
    expect(Buffer.byteLength(await readFile(file, 'utf8'))).toBeLessThanOrEqual(SUMMARY_LIMIT)
  })
})
