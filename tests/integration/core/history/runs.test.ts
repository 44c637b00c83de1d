/**
 * A run's row whatever order its files come in, a v1-era history migrated to schema 5, and the
 * validated verdict in the report and the comment (#20 items 4 and 5).
 */
import { describe, expect, it } from '@jest/globals'
import type { Database } from 'sql.js'

import { commentBody } from '../../../../src/core/comment/body.js'
import { injectStatus } from '../../../../src/core/experiment/result.js'
import { openBytes, queryRows } from '../../../../src/core/history/db.js'
import { exportTables } from '../../../../src/core/history/export.js'
import { mergeInto } from '../../../../src/core/history/merge.js'
import { recordResults } from '../../../../src/core/history/record.js'
import { MIGRATIONS, SCHEMA_VERSION } from '../../../../src/core/history/schema.js'
import { loadSqlJs } from '../../../../src/core/history/sqljs.js'
import { buildReport } from '../../../../src/core/report/build.js'
import { renderReport } from '../../../../src/core/report/render.js'
import {
  RESULTS_SCHEMA,
  type ResultsFile,
  type RunBlock,
  type Stage
} from '../../../../src/core/results/schema.js'
import type { StageStatus } from '../../../../src/core/results/status.js'
import { healthy, injectPayload } from '../../../helpers/inject-results.js'
import { HEALTH_PAYLOAD } from '../../../helpers/results.js'

const RUN: Omit<RunBlock, 'step' | 'started_at' | 'finished_at'> = {
  repo: 'acme/shop',
  run_id: '77',
  run_attempt: 1,
  job: 'chaos',
  sha: 'b'.repeat(40),
  ref: 'refs/heads/main',
  event: 'push'
}

function file(
  stage: Stage,
  status: StageStatus,
  payload: unknown,
  from: string,
  to: string,
  run: Partial<RunBlock> = {}
): ResultsFile {
  return {
    schema: RESULTS_SCHEMA,
    stage,
    ...status,
    tool_version: '0.1.0',
    run: { ...RUN, step: stage, started_at: from, finished_at: to, ...run },
    payload
  }
}

/** Redis outage: inject ran it cleanly (recovered), validate failed its availability at 8.7%. */
const inject = injectPayload([
  { ...healthy('Redis outage'), started_at: '2026-11-27T10:00:05.000Z' }
])
const availability = {
  key: 'availability',
  label: 'availability',
  metric: 'availability',
  stat: null,
  unit: '%',
  value: 8.7,
  samples: 400,
  verdict: 'fail',
  note: null,
  blocking: { text: 'min_availability_percent: 99', op: '>=', threshold: 99, source: 'c.yml:3' },
  warning: null,
  baseline: null,
  baseline_note: null
}
const validate = (source: boolean) => ({
  passed: false,
  sources: { results: [], config: null, environment: null, layers: [] },
  policy: { invalid: 'fail', min_samples: 1, regression_sigma: 3, fail_on_regression: false },
  history: { db: null, branch: null, runs: 0, note: null },
  scenarios: [
    {
      name: 'Redis outage',
      type: 'database_down',
      intensity: 'medium',
      status: 'passed',
      verdict: 'failed',
      reason: 'availability 8.7% < 99%',
      slos: [availability],
      ...(source ? { source: { ...RUN, job: 'inject-job', step: 'inject', seq: 1 } } : {})
    }
  ],
  overall: [],
  summary: {
    scenarios: 1,
    by_verdict: { failed: 1 },
    slos: 1,
    failed_slos: 1,
    warned_slos: 0,
    insufficient: 0,
    regressions: 0,
    invalid: 0
  }
})
const FAILED: StageStatus = { status: 'failed', status_reason: '1 SLO check(s) failed' }

/** One run's four files, each with its own span; validate ends last. */
const RUN_FILES: ResultsFile[] = [
  file(
    'health',
    { status: 'passed', status_reason: null },
    HEALTH_PAYLOAD,
    '2026-11-27T10:00:00.000Z',
    '2026-11-27T10:00:02.000Z'
  ),
  file(
    'audit',
    { status: 'passed', status_reason: null },
    { findings: [], dependency_changes: [] },
    '2026-11-27T10:00:02.000Z',
    '2026-11-27T10:00:03.000Z'
  ),
  file(
    'inject',
    injectStatus(inject),
    inject,
    '2026-11-27T10:00:03.000Z',
    '2026-11-27T10:02:00.000Z'
  ),
  file('validate', FAILED, validate(false), '2026-11-27T10:02:00.000Z', '2026-11-27T10:02:05.000Z')
]

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items]
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map(rest => [item, ...rest])
  )
}

const runRow = (db: Database) =>
  queryRows<Record<string, unknown>>(
    db,
    'SELECT run_key, started_at, finished_at, sha, ref, event FROM chaos_runs'
  )

describe("a run's row", () => {
  it('is the same in every order its files are recorded in: first start, last stage’s end', async () => {
    const rows = new Set<string>()
    for (const order of permutations(RUN_FILES)) {
      const db = await openBytes('h.db', undefined)
      for (const f of order) recordResults(db, f)
      rows.add(JSON.stringify(runRow(db)))
      db.close()
    }
    expect(rows.size).toBe(1)
    expect(JSON.parse([...rows][0]!)).toEqual([
      {
        run_key: 'acme/shop|77|1|chaos',
        started_at: '2026-11-27T10:00:00.000Z',
        finished_at: '2026-11-27T10:02:05.000Z',
        sha: RUN.sha,
        ref: RUN.ref,
        event: RUN.event
      }
    ])
  })

  it('is the same when two databases that each hold part of the run are merged, either way', async () => {
    const merged = async (first: ResultsFile[], second: ResultsFile[]) => {
      const a = await openBytes('a.db', undefined)
      const b = await openBytes('b.db', undefined)
      for (const f of first) recordResults(a, f)
      for (const f of second) recordResults(b, f)
      mergeInto(a, b)
      return runRow(a)
    }
    const late = [RUN_FILES[3]!, RUN_FILES[2]!]
    const early = [RUN_FILES[0]!, RUN_FILES[1]!]
    expect(await merged(early, late)).toEqual(await merged(late, early))
    expect((await merged(early, late))[0]!.finished_at).toBe('2026-11-27T10:02:05.000Z')
  })
})

describe('the validated verdict', () => {
  it('is what the report and the comment show when inject passed a scenario and validate failed it', async () => {
    const db = await openBytes('h.db', undefined)
    for (const f of RUN_FILES) recordResults(db, f)
    const report = buildReport(db, { end: new Date('2026-11-29T00:00:00Z'), lookbackDays: 7 })
    expect(report.scenarios).toEqual([
      expect.objectContaining({ scenario: 'Redis outage', runs: 1, passed: 0 })
    ])
    expect(renderReport(report)).toMatch(/\| Redis outage \| 1 \| 0 \|/)
    const comment = commentBody(RUN_FILES, { name: 'chaos', runUrl: null })
    expect(comment.body).toContain(
      '| inject | ✅ | 0 of 1 scenario(s) passed validation; MTTR 1 s: Redis outage (failed) |'
    )
    expect(comment.body).toContain('### chaos-ci: ❌ failed')
  })

  it("ties validate's verdict to inject's row across jobs by its source", async () => {
    const db = await openBytes('h.db', undefined)
    const injectJob = { job: 'inject-job', step: 'inject' }
    recordResults(db, { ...RUN_FILES[2]!, run: { ...RUN_FILES[2]!.run, ...injectJob } })
    // another inject job of the same run, with a scenario of the same name, validated elsewhere
    recordResults(db, { ...RUN_FILES[2]!, run: { ...RUN_FILES[2]!.run, job: 'other' } })
    recordResults(db, {
      ...RUN_FILES[3]!,
      payload: validate(true),
      run: { ...RUN_FILES[3]!.run, job: 'validate-job' }
    })
    const report = buildReport(db, { end: new Date('2026-11-29T00:00:00Z'), lookbackDays: 7 })
    expect(report.scenarios).toEqual([
      expect.objectContaining({ scenario: 'Redis outage', runs: 2, passed: 1 })
    ])
  })
})

describe('a v1-era history', () => {
  /** A database at schema 4 with the rows chaos-ci wrote from v1 files, as they were written. */
  async function v1Database(): Promise<Database> {
    const SQL = await loadSqlJs()
    const db = new SQL.Database()
    MIGRATIONS.slice(0, 4).forEach((m, v) => db.exec(`${m}; PRAGMA user_version = ${v + 1}`))
    const run = "'acme/shop|77|1|chaos'"
    db.exec(`
      INSERT INTO chaos_runs (run_key, source, repo, run_id, run_attempt, job, sha, ref, event, started_at, finished_at)
        VALUES (${run}, 'chaos-ci', 'acme/shop', '77', 1, 'chaos', NULL, 'refs/heads/main', 'push',
                '2026-11-27T10:00:03.000Z', '2026-11-27T10:02:00.000Z');
      INSERT INTO stage_results (result_key, run_key, stage, step, status, started_at, finished_at, payload) VALUES
        (${run} || '|audit|audit', ${run}, 'audit', 'audit', 'warnings', '2026-11-27T10:00:02.000Z', '2026-11-27T10:00:03.000Z', '{}'),
        (${run} || '|heal|heal', ${run}, 'heal', 'heal', 'flaky-pass', '2026-11-27T10:00:00.000Z', '2026-11-27T10:00:02.000Z', '{}'),
        (${run} || '|inject|inject', ${run}, 'inject', 'inject', 'passed', '2026-11-27T10:00:03.000Z', '2026-11-27T10:02:00.000Z', '{}'),
        (${run} || '|validate|validate', ${run}, 'validate', 'validate', 'failed', '2026-11-27T10:02:00.000Z', '2026-11-27T10:02:05.000Z',
         '${JSON.stringify({ ...validate(false), status: 'failed', status_reason: null })}');
      INSERT INTO healing_attempts (result_key, attempt, category, healed, started_at) VALUES
        (${run} || '|heal|heal', 1, 'network', 0, '2026-11-27T10:00:00.000Z'),
        (${run} || '|heal|heal', 2, NULL, 1, '2026-11-27T10:00:01.000Z');
      INSERT INTO scenario_results (result_key, seq, scenario, status, started_at) VALUES
        (${run} || '|inject|inject', 1, 'Redis outage', 'passed', '2026-11-27T10:00:03.000Z');
    `)
    return openBytes('v1.db', db.export())
  }

  it('is migrated to schema 5: one vocabulary, the verdicts kept, the run spanning its stages', async () => {
    const db = await v1Database()
    expect(db.exec('PRAGMA user_version')[0]!.values[0]![0]).toBe(SCHEMA_VERSION)
    expect(
      queryRows<{ stage: string; status: string }>(
        db,
        'SELECT stage, status FROM stage_results ORDER BY stage'
      )
    ).toEqual([
      { stage: 'audit', status: 'warned' },
      { stage: 'heal', status: 'warned' },
      { stage: 'inject', status: 'passed' },
      { stage: 'validate', status: 'failed' }
    ])
    expect(exportTables(db).scenario_verdicts).toEqual([
      expect.objectContaining({ scenario: 'Redis outage', verdict: 'failed', inject_key: null })
    ])
    expect(runRow(db)[0]).toMatchObject({
      started_at: '2026-11-27T10:00:00.000Z',
      finished_at: '2026-11-27T10:02:05.000Z'
    })
    const report = buildReport(db, { end: new Date('2026-11-29T00:00:00Z'), lookbackDays: 7 })
    expect(report.executive).toMatchObject({ runs: 1, passed: 0, flaky_passes: 1 })
    expect(report.executive.healing).toMatchObject({ needed: 1, healed: 1 })
    expect(report.scenarios[0]).toMatchObject({ scenario: 'Redis outage', passed: 0 })
  })
})
