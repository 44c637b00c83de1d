/**
 * Migration 6 (compact keys, issue #22) from a history written by the schema-5 code: every row of
 * every table is still there, read back with its natural keys as schema 5 exported it, and the
 * files it holds are still known — recording one again adds nothing. The fixture and its export
 * were written by tests/fixtures/history/make-v5.mjs with the code of schema 5.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import { openBytes, saveHistory, schemaVersion } from '../../../../src/core/history/db.js'
import { exportTables } from '../../../../src/core/history/export.js'
import { mergeInto } from '../../../../src/core/history/merge.js'
import { recordResults } from '../../../../src/core/history/record.js'
import { SCHEMA_VERSION } from '../../../../src/core/history/schema.js'
import { recordSeedInjector, type SeedInjectorReport } from '../../../../src/core/history/seed.js'
import type { ResultsFile } from '../../../../src/core/results/schema.js'
import { tempDir } from '../../../helpers/processes.js'

const FIXTURES = path.join(process.cwd(), 'tests/fixtures/history')
const { synthetic } = (await import(path.join(process.cwd(), 'bench/history.mjs'))) as {
  synthetic: (n: number, day: number) => { heal: ResultsFile; inject: SeedInjectorReport }
}

type Tables = Record<string, Array<Record<string, unknown>>>

/** Each table's rows as sorted JSON lines: the same rows, whatever order the ids give. */
const sorted = (tables: Tables): Record<string, string[]> =>
  Object.fromEntries(
    Object.entries(tables).map(([table, rows]) => [table, rows.map(r => JSON.stringify(r)).sort()])
  )

async function v5(): Promise<Uint8Array> {
  return readFile(path.join(FIXTURES, 'v5.db'))
}

describe('migrating a schema-5 history', () => {
  it('keeps every row of every table, with its natural keys and columns as schema 5 had them', async () => {
    const expected = JSON.parse(await readFile(path.join(FIXTURES, 'v5.json'), 'utf8')) as Tables
    const db = await openBytes('v5.db', await v5())
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION)
    const migrated = exportTables(db)
    expect(Object.values(expected).flat().length).toBeGreaterThan(200)
    expect(sorted(migrated)).toEqual(sorted(expected))
    // the JSONL of the data branch appends lines it lacks: the same rows must give the same lines
    for (const [table, rows] of Object.entries(expected))
      expect(Object.keys(migrated[table]![0] ?? {})).toEqual(Object.keys(rows[0] ?? {}))
    db.close()
  })

  it('still knows the files it holds: recording them again adds nothing, a new one is added', async () => {
    const file = path.join(await tempDir(), 'h.db')
    const db = await openBytes(file, await v5())
    const again = synthetic(700, 690)
    expect(Object.values(recordResults(db, again.heal)).every(n => n === 0)).toBe(true)
    expect(Object.values(recordSeedInjector(db, again.inject)).every(n => n === 0)).toBe(true)
    const fresh = synthetic(9000, 700)
    expect(recordResults(db, fresh.heal)).toMatchObject({ chaos_runs: 1, stage_results: 1 })
    await saveHistory(db, file)
    db.close()
  })

  it('merges with a history written at schema 6 as a union', async () => {
    const expected = JSON.parse(await readFile(path.join(FIXTURES, 'v5.json'), 'utf8')) as Tables
    const migrated = await openBytes('v5.db', await v5())
    const fresh = await openBytes('new.db', undefined)
    const { heal } = synthetic(9000, 700)
    recordResults(fresh, heal)
    mergeInto(fresh, migrated)
    const union = sorted(exportTables(fresh))
    for (const [table, rows] of Object.entries(sorted(expected)))
      expect(union[table]).toEqual(expect.arrayContaining(rows))
    expect(union.chaos_runs!.length).toBe(expected.chaos_runs!.length + 1)
    migrated.close()
    fresh.close()
  })
})
