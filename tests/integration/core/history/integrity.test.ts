/**
 * Where the history is checked (issue #22): every page (`PRAGMA integrity_check`) where damage can
 * enter — a restored cache entry, the data branch's copy, a file merged in — and only the header,
 * against the file's length, on the other opens (report, record, validate).
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import { openBytes, openHistory, saveHistory } from '../../../../src/core/history/db.js'
import { type Persistence, restoreHistory } from '../../../../src/core/history/persist.js'
import { tempDir } from '../../../helpers/processes.js'

/** A saved history of `runs` runs: enough pages that its last one is a table or index page. */
async function history(file: string, runs: number): Promise<Uint8Array> {
  const db = await openHistory(file)
  for (let i = 0; i < runs; i++)
    db.run(
      "INSERT INTO chaos_runs (run_key, source, run_id, run_attempt, started_at) VALUES (?, 'chaos-ci', ?, 1, '2026-01-01')",
      [`acme/shop|${i}|1|chaos`, String(i)]
    )
  await saveHistory(db, file)
  db.close()
  return readFile(file)
}

/** The same bytes with the last page zeroed: the header still matches the length. */
function lastPageZeroed(bytes: Uint8Array): Uint8Array {
  const damaged = Uint8Array.from(bytes)
  const size = (bytes[16]! << 8) | bytes[17]!
  damaged.fill(0, bytes.length - size)
  return damaged
}

/** A cache that "restores" one file by copying it to the path asked for. */
function cacheOf(file: string): Persistence {
  return {
    store: {
      restore: async (to: string) => (await copyFile(file, to), 'chaos-history-v1-1-1'),
      save: async () => 1
    },
    prefix: 'chaos-history-v1-',
    log: () => {}
  }
}

describe('checking the history where damage can enter', () => {
  it('opens a file with a damaged inner page for reading, checking only its header', async () => {
    const dir = await tempDir()
    const bytes = await history(path.join(dir, 'good.db'), 2000)
    const damaged = path.join(dir, 'damaged.db')
    await writeFile(damaged, lastPageZeroed(bytes))
    // a full check here would cost every report a read of every page
    const db = await openHistory(damaged)
    db.close()
    await expect(openHistory(damaged, 'full')).rejects.toThrow(/fails the integrity check/)
  })

  it('refuses a file cut short from its header alone, and leaves it untouched', async () => {
    const dir = await tempDir()
    const bytes = await history(path.join(dir, 'good.db'), 2000)
    const size = (bytes[16]! << 8) | bytes[17]!
    const cut = path.join(dir, 'cut.db')
    await writeFile(cut, bytes.subarray(0, bytes.length - size))
    await expect(openHistory(cut)).rejects.toThrow(
      /is damaged: its header says \d+ pages of \d+ bytes .* but the file holds \d+: it was cut short/
    )
    expect((await readFile(cut)).length).toBe(bytes.length - size)
    await expect(openBytes('x.db', bytes.subarray(0, 50))).rejects.toThrow(/header is damaged/)
  })

  it('checks every page of a restored cache entry, and sets a damaged one aside', async () => {
    const dir = await tempDir()
    const bytes = await history(path.join(dir, 'good.db'), 2000)
    const entry = path.join(dir, 'entry.db')
    await writeFile(entry, lastPageZeroed(bytes))
    const dbPath = path.join(dir, 'chaos_history.db')
    const restored = await restoreHistory(cacheOf(entry), dbPath)
    expect(restored.matchedKey).toBeUndefined()
    expect(restored.setAside).toEqual([`${dbPath}.damaged-chaos-history-v1-1-1`])
    restored.db.close()
  })
})
