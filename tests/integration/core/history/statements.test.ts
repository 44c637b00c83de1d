/**
 * Prepared statements are compiled once per database (issue #22: `record` ran the same INSERTs
 * thousands of times, and a cache that never hit compiled each one again), and saving the database
 * — which goes through forgetStatements — leaves the cache usable.
 */
import path from 'node:path'

import { describe, expect, it, jest } from '@jest/globals'

import { openHistory, saveHistory } from '../../../../src/core/history/db.js'
import { firstValue, prepared } from '../../../../src/core/history/statements.js'
import { tempDir } from '../../../helpers/processes.js'

const INSERT =
  "INSERT INTO chaos_runs (run_key, source, run_id, run_attempt, started_at) VALUES (?, 'chaos-ci', ?, 1, '2026-01-01')"

describe('prepared statements', () => {
  it('compiles a statement once however often it runs, and again after a save', async () => {
    const file = path.join(await tempDir(), 'h.db')
    const db = await openHistory(file)
    try {
      const prepare = jest.spyOn(db, 'prepare')
      for (let i = 0; i < 5; i++) prepared(db, INSERT).run([`r|${i}|1|j`, String(i)])
      expect(prepare).toHaveBeenCalledTimes(1)
      await saveHistory(db, file)
      for (let i = 5; i < 8; i++) prepared(db, INSERT).run([`r|${i}|1|j`, String(i)])
      expect(prepare).toHaveBeenCalledTimes(2)
      expect(firstValue(db, 'SELECT COUNT(*) FROM chaos_runs', [])).toBe(8)
    } finally {
      db.close()
    }
  })
})
