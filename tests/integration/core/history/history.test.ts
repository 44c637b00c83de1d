/** The history database: migrations, idempotent imports, the seed's shapes, refusal of bad files. */
import { readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import { newAttempt } from '../../../../src/core/heal/journal.js'
import {
  migrate,
  openBytes,
  openHistory,
  saveHistory,
  scalar,
  schemaVersion
} from '../../../../src/core/history/db.js'
import { recordFile } from '../../../../src/core/history/files.js'
import { applicationId } from '../../../../src/core/history/identity.js'
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from '../../../../src/core/history/schema.js'
import { loadSqlJs } from '../../../../src/core/history/sqljs.js'
import { injectPayload, scenario } from '../../../helpers/inject-results.js'
import { tempDir } from '../../../helpers/processes.js'
import { resultsFile } from '../../../helpers/results.js'

const count = (db: Awaited<ReturnType<typeof openHistory>>, table: string): number =>
  scalar(db, `SELECT count(*) FROM ${table}`)

const journal = {
  command: 'pytest',
  outcome: 'flaky-pass',
  healed: true,
  cancelled: false,
  category: 'network',
  exit_code: 0,
  duration_ms: 900,
  max_attempts: 3,
  attempts: [
    {
      ...newAttempt(1, new Date('2026-11-01T10:00:00.000Z')),
      duration_ms: 400,
      exit_code: 1,
      category: 'network' as const,
      rule: 'network-transient',
      rule_source: 'built-in',
      matched_line: 'ECONNRESET',
      matched_line_number: 1,
      decision: 'retry' as const,
      strategy: 'backoff' as const,
      strategy_outcome: 'done' as const,
      dependency_changes: [{ action: 'installed', name: 'PyYAML', reason: 'pip' }]
    },
    { ...newAttempt(2, new Date('2026-11-01T10:00:01.000Z')), duration_ms: 400, exit_code: 0 }
  ]
}

describe('the history database', () => {
  it('creates the latest schema in a new file and saves it atomically', async () => {
    const dir = await tempDir()
    const file = path.join(dir, 'reports/chaos_history.db')
    const db = await openHistory(file)
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION)
    await saveHistory(db, file)
    const again = await openHistory(file)
    expect(
      scalar(again, "SELECT count(*) FROM sqlite_master WHERE type = 'table'")
    ).toBeGreaterThanOrEqual(9)
    // the header's application_id field (offset 68) says whose file it is: "CHCI"
    expect((await readFile(file)).subarray(68, 72).toString('latin1')).toBe('CHCI')
  })

  it.each(Array.from({ length: SCHEMA_VERSION }, (_, v) => v))(
    'migrates a database at schema %i to the latest, keeping its rows',
    async version => {
      const SQL = await loadSqlJs()
      const old = new SQL.Database()
      for (let v = 0; v < version; v++)
        old.exec(`${MIGRATIONS[v]!}; PRAGMA user_version = ${v + 1}`)
      if (version >= 1)
        old.run(
          "INSERT INTO chaos_runs (run_key, source, run_id, run_attempt, started_at) VALUES ('k', 'chaos-ci', '1', 1, '2026-01-01')"
        )
      const db = await openBytes('old.db', old.export())
      expect(schemaVersion(db)).toBe(SCHEMA_VERSION)
      expect(count(db, 'audit_findings')).toBe(0)
      expect(count(db, 'chaos_runs')).toBe(version >= 1 ? 1 : 0)
      expect(applicationId(db)).toBe(APPLICATION_ID)
      expect(migrate(db)).toBe(SCHEMA_VERSION)
    }
  )

  it('refuses a database from a newer chaos-ci and leaves it untouched', async () => {
    const SQL = await loadSqlJs()
    const newer = new SQL.Database()
    newer.exec(
      `PRAGMA application_id = ${APPLICATION_ID}; PRAGMA user_version = ${SCHEMA_VERSION + 1}`
    )
    const dir = await tempDir()
    const file = path.join(dir, 'h.db')
    await writeFile(file, newer.export())
    const before = await readFile(file)
    await expect(openHistory(file)).rejects.toMatchObject({
      message: expect.stringMatching(/written by a newer chaos-ci/),
      location: { file }
    })
    expect(await readFile(file)).toEqual(before)
  })

  it('refuses an empty (0-byte) file instead of starting a history in it', async () => {
    const file = path.join(await tempDir(), 'h.db')
    await writeFile(file, '')
    await expect(openHistory(file)).rejects.toMatchObject({
      message: 'is empty (0 bytes): it is not a chaos-ci history.',
      fix: expect.stringMatching(
        /^Delete it to start a new history, or point the history database/
      ),
      location: { file }
    })
    expect((await readFile(file)).length).toBe(0)
  })

  it.each([
    [
      'another application_id',
      'PRAGMA application_id = 1179601987',
      /its application_id is 0x464f4c43/
    ],
    [
      "another application's tables",
      'CREATE TABLE users (id INTEGER); CREATE TABLE orders (id INTEGER); PRAGMA user_version = 3',
      /it holds tables chaos-ci did not create \(users, orders\)/
    ],
    ['a version but no tables', 'PRAGMA user_version = 2', /user_version 2 but no chaos-ci tables/],
    [
      "the seed's tables and no version",
      'CREATE TABLE chaos_runs (id INTEGER, scenario_name TEXT); CREATE TABLE chaos_failures (id INTEGER)',
      /the seed's tables \(chaos_runs, chaos_failures\) but no chaos-ci schema version/
    ]
  ])('refuses a SQLite file with %s and never adds its tables to it', async (_, sql, why) => {
    const SQL = await loadSqlJs()
    const foreign = new SQL.Database()
    foreign.exec(sql)
    const file = path.join(await tempDir(), 'app.db')
    await writeFile(file, foreign.export())
    const before = await readFile(file)
    const error = await openHistory(file).then(
      () => undefined,
      (e: unknown) => e as { message: string; fix: string; location: unknown }
    )
    expect(error).toMatchObject({
      message: expect.stringMatching(
        /^is a SQLite database of another application, not a chaos-ci history: /
      ),
      fix: expect.stringMatching(/left untouched\. Point the history database/),
      location: { file }
    })
    expect(error!.message).toMatch(why)
    expect(await readFile(file)).toEqual(before)
  })

  it('adopts a history written before application_id: known by its tables, the id set on migration', async () => {
    const SQL = await loadSqlJs()
    const old = new SQL.Database()
    MIGRATIONS.forEach((migration, v) => old.exec(`${migration}; PRAGMA user_version = ${v + 1}`))
    old.run(
      "INSERT INTO chaos_runs (run_key, source, run_id, run_attempt, started_at) VALUES ('k', 'chaos-ci', '1', 1, '2026-01-01')"
    )
    expect(applicationId(old)).toBe(0)
    const file = path.join(await tempDir(), 'h.db')
    await writeFile(file, old.export())
    const db = await openHistory(file)
    expect(applicationId(db)).toBe(APPLICATION_ID)
    await saveHistory(db, file)
    const again = await openHistory(file)
    expect(applicationId(again)).toBe(APPLICATION_ID)
    expect(count(again, 'chaos_runs')).toBe(1)
  })

  it('refuses garbage and a truncated database, and leaves them untouched', async () => {
    const dir = await tempDir()
    const garbage = path.join(dir, 'garbage.db')
    await writeFile(garbage, 'not a database at all')
    await expect(openHistory(garbage)).rejects.toThrow(/is not a SQLite database/)
    const good = await openHistory(path.join(dir, 'good.db'))
    good.exec(
      "INSERT INTO chaos_runs (run_key, source, run_id, run_attempt, started_at) VALUES ('k', 'chaos-ci', '1', 1, '2026-01-01')"
    )
    const bytes = good.export()
    const truncated = path.join(dir, 'truncated.db')
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)))
    await expect(openHistory(truncated)).rejects.toThrow(/is damaged: its header says/)
    expect((await readFile(truncated)).length).toBe(Math.floor(bytes.length / 2))
  })

  it('imports every stage it knows into its tables, and importing twice adds nothing', async () => {
    const dir = await tempDir()
    const heal = await resultsFile(dir, 'heal', journal)
    const health = await resultsFile(dir, 'health', {
      healthy: false,
      cancelled: false,
      attempts: 3,
      elapsed_ms: 10,
      required_successes: 3,
      expected_status: '200-299',
      body_condition: null,
      timeout_ms: 1,
      endpoints: [
        {
          url: 'http://x/',
          healthy: false,
          probes: 3,
          consecutive_successes: 0,
          last_kind: 'refused',
          last_status: null,
          last_error: 'connection refused',
          elapsed_ms: 10
        }
      ]
    })
    const audit = await resultsFile(dir, 'audit', {
      files: { python: 1, node: 0 },
      manifests: [],
      imports: 1,
      python_versions: [],
      counts: {
        missing: 1,
        'missing-optional': 0,
        unused: 0,
        'misplaced-dev': 0,
        'stdlib-declared': 0
      },
      findings: [
        {
          rule: 'missing',
          ecosystem: 'python',
          name: 'yaml',
          file: 'a.py',
          line: 1,
          also: [],
          message: 'm'
        }
      ],
      ignored: 0,
      warnings: [],
      notes: [],
      dependency_changes: [
        {
          action: 'added',
          ecosystem: 'python',
          name: 'PyYAML',
          import: 'yaml',
          file: 'requirements.txt',
          confidence: 'medium',
          source: 'curated',
          reason: 'r'
        }
      ],
      duration_ms: 1
    })
    const db = await openHistory(path.join(dir, 'h.db'))
    const first = [
      await recordFile(db, heal),
      await recordFile(db, health),
      await recordFile(db, audit)
    ]
    expect(first[0]).toEqual({
      chaos_runs: 1,
      stage_results: 1,
      healing_attempts: 2,
      chaos_failures: 1,
      dependency_changes: 1
    })
    expect(first[1]).toEqual({ chaos_runs: 0, stage_results: 1, chaos_failures: 1 })
    expect(first[2]).toEqual({
      chaos_runs: 0,
      stage_results: 1,
      audit_findings: 1,
      dependency_changes: 1
    })
    const snapshot = JSON.stringify(
      db.exec(
        'SELECT count(*), max(result) FROM healing_attempts UNION ALL SELECT count(*), max(result) FROM dependency_changes UNION ALL SELECT count(*), max(id) FROM stage_results'
      )
    )
    const second = [
      await recordFile(db, heal),
      await recordFile(db, health),
      await recordFile(db, audit)
    ]
    expect(second.flatMap(added => Object.values(added)).every(n => n === 0)).toBe(true)
    expect(
      JSON.stringify(
        db.exec(
          'SELECT count(*), max(result) FROM healing_attempts UNION ALL SELECT count(*), max(result) FROM dependency_changes UNION ALL SELECT count(*), max(id) FROM stage_results'
        )
      )
    ).toBe(snapshot)
    expect(db.exec('SELECT status FROM stage_results ORDER BY id')[0]!.values.flat()).toEqual([
      'warned',
      'failed',
      'failed'
    ])
  })

  it("imports the seed's injector output and healer report", async () => {
    const dir = await tempDir()
    const injector = path.join(dir, 'chaos_results.json')
    await writeFile(
      injector,
      JSON.stringify({
        timestamp: '2025-10-04T03:00:00',
        target_url: 'http://localhost:8000',
        total_scenarios: 2,
        successful: 1,
        failed: 1,
        results: [
          {
            scenario_name: 'CPU Stress - Light',
            scenario_type: 'cpu_exhaust',
            intensity: 'light',
            duration: 30,
            start_time: '2025-10-04T03:00:01',
            end_time: '2025-10-04T03:00:02',
            elapsed_time: 1.0,
            success: true,
            error_message: null,
            metrics: { service_available: true, health_check_latency_ms: 12.5 }
          },
          {
            scenario_name: 'Database Brief Outage',
            scenario_type: 'database_down',
            intensity: 'light',
            duration: 10,
            start_time: '2025-10-04T03:00:03',
            end_time: '2025-10-04T03:00:04',
            elapsed_time: 1.0,
            success: false,
            error_message: 'docker: not found',
            metrics: { service_available: false }
          }
        ]
      })
    )
    const healer = path.join(dir, 'chaos_healing_report.json')
    await writeFile(
      healer,
      JSON.stringify({
        timestamp: '2025-10-04T03:10:00',
        total_attempts: 2,
        successful_attempts: 1,
        failed_attempts: 1,
        attempts: [
          {
            type: 'dependency',
            success: true,
            module: 'aiohttp',
            timestamp: '2025-10-04T03:10:01'
          },
          { type: 'health_check', success: false, attempts: 10, error: 'timeout' }
        ]
      })
    )
    const db = await openHistory(path.join(dir, 'h.db'))
    expect(await recordFile(db, injector)).toEqual({
      chaos_runs: 1,
      stage_results: 1,
      scenario_results: 2,
      scenario_metrics: 2,
      chaos_failures: 1
    })
    expect(await recordFile(db, healer)).toEqual({
      chaos_runs: 1,
      stage_results: 1,
      healing_attempts: 2,
      dependency_changes: 1
    })
    expect(
      db.exec('SELECT scenario, status, duration_ms FROM scenario_results ORDER BY seq')[0]!.values
    ).toEqual([
      ['CPU Stress - Light', 'passed', 1000],
      ['Database Brief Outage', 'failed', 1000]
    ])
    expect(db.exec('SELECT source FROM chaos_runs')[0]!.values.flat()).toEqual(['seed', 'seed'])
    expect(Object.values(await recordFile(db, injector)).every(n => n === 0)).toBe(true)
  })

  it('stores a 60 MiB message as 4 KiB and a marker: the database grows by a few KiB, not 180 MiB', async () => {
    const dir = await tempDir()
    const failed = (id: string, reason: string) =>
      resultsFile(
        dir,
        'inject',
        injectPayload([scenario({ name: 'checkout', status: 'failed', reason })]),
        { GITHUB_RUN_ID: id },
        id
      )
    const small = await failed('1', 'connection reset')
    const huge = await failed('2', 'x'.repeat(60 * 2 ** 20))
    const file = path.join(dir, 'h.db')
    const db = await openHistory(file)
    await recordFile(db, small)
    await saveHistory(db, file)
    const before = (await stat(file)).size
    await recordFile(db, huge)
    await saveHistory(db, file)
    const grown = (await stat(file)).size - before
    const marker = '… [cut: 62,910,464 more characters]'
    const [error, message, payload] = db.exec(
      "SELECT s.error, f.message, r.payload FROM scenario_results s JOIN chaos_failures f USING (result, seq) JOIN stage_results r ON r.id = s.result JOIN chaos_runs u ON u.id = r.run WHERE u.run_key LIKE '%|2|%'"
    )[0]!.values[0] as string[]
    db.close()
    expect(error).toBe(`${'x'.repeat(4096)}${marker}`)
    expect(message).toBe(`checkout: ${'x'.repeat(4086)}… [cut: 62,910,474 more characters]`)
    expect(payload).toContain(`"reason":"${'x'.repeat(4096)}${marker}"`)
    expect(grown).toBeLessThanOrEqual(64 * 1024)
  })

  it('rejects a file that is neither, naming it', async () => {
    const dir = await tempDir()
    const file = path.join(dir, 'other.json')
    await writeFile(file, '{"hello": "world"}')
    const db = await openHistory(path.join(dir, 'h.db'))
    await expect(recordFile(db, file)).rejects.toMatchObject({
      location: { file },
      message: expect.stringMatching(/neither a chaos-ci results file nor a seed report/)
    })
  })
})

describe('retention', () => {
  it('drops rows older than N days counted back from the newest run, so merged copies agree', async () => {
    const { applyRetention, retentionCutoff } =
      await import('../../../../src/core/history/retention.js')
    const { mergeInto } = await import('../../../../src/core/history/merge.js')
    const dir = await tempDir()
    const make = async (name: string, days: string[]) => {
      const db = await openHistory(path.join(dir, name))
      for (const day of days) {
        db.run(
          "INSERT INTO chaos_runs (run_key, source, run_id, run_attempt, started_at) VALUES (?, 'chaos-ci', ?, 1, ?)",
          [`k-${day}`, day, `${day}T12:00:00.000Z`]
        )
        db.run(
          "INSERT INTO stage_results (run, step, stage, status, started_at, payload) SELECT id, '', 'heal', 'failed', started_at, '{}' FROM chaos_runs WHERE run_key = ?",
          [`k-${day}`]
        )
        db.run(
          "INSERT INTO chaos_failures (result, seq, stage, category, occurred_at) SELECT s.id, 1, 'heal', 'network', ? FROM stage_results s JOIN chaos_runs r ON r.id = s.run WHERE r.run_key = ?",
          [`${day}T12:00:01.000Z`, `k-${day}`]
        )
      }
      return db
    }
    const a = await make('a.db', ['2026-01-01', '2026-01-20', '2026-02-01'])
    const b = await make('b.db', ['2026-01-02', '2026-01-25', '2026-02-01'])
    expect(retentionCutoff(a, 10)).toBe('2026-01-22T00:00:00.000Z')
    expect(applyRetention(a, 10)).toMatchObject({ chaos_runs: 2, chaos_failures: 2 })
    applyRetention(b, 10)
    mergeInto(a, b)
    applyRetention(a, 10)
    expect(a.exec('SELECT run_id FROM chaos_runs ORDER BY run_id')[0]!.values.flat()).toEqual([
      '2026-01-25',
      '2026-02-01'
    ])
    expect(applyRetention(a, 0)).toEqual({})
  })
})
