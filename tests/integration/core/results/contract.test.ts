/**
 * The stage-result contract (#20): every stage's file carries one status in its envelope, set by the
 * stage; every consumer — the reader, record, the comment, the report, validate (the CLI's and the
 * action's) — reads that status, from v2 files and from v1 files alike, and none works it out again.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import type { Finding } from '../../../../src/core/audit/findings.js'
import { auditStatus } from '../../../../src/core/audit/report.js'
import { commentBody } from '../../../../src/core/comment/body.js'
import { injectStatus } from '../../../../src/core/experiment/result.js'
import { type HealJournal, healStatus } from '../../../../src/core/heal/journal.js'
import { healthStatus } from '../../../../src/core/health/payload.js'
import type { HealthReport } from '../../../../src/core/health/wait.js'
import { openBytes, queryRows } from '../../../../src/core/history/db.js'
import { recordResults } from '../../../../src/core/history/record.js'
import { buildReport } from '../../../../src/core/report/build.js'
import { parseResults } from '../../../../src/core/results/codec.js'
import { readResults, writeStageResults } from '../../../../src/core/results/files.js'
import type { ResultsFile, Stage } from '../../../../src/core/results/schema.js'
import type { ResultStatus, StageStatus } from '../../../../src/core/results/status.js'
import { executeValidate } from '../../../../src/core/validate/execute.js'
import { parseValidateOptions } from '../../../../src/core/validate/options.js'
import { userErrorOf } from '../../../helpers/errors.js'
import { healthy, injectPayload, scenario } from '../../../helpers/inject-results.js'
import { tempDir } from '../../../helpers/processes.js'
import { HEALTH_PAYLOAD } from '../../../helpers/results.js'
import { v1InjectPayload, v1Text, writeV1 } from '../../../helpers/v1-results.js'

const finding = (rule: Finding['rule']): Finding =>
  ({
    rule,
    ecosystem: 'python',
    name: 'requests',
    file: 'app.py',
    line: 1,
    message: 'x'
  }) as Finding
const audit = (findings: Finding[]) => ({
  files: { python: 1, node: 0 },
  manifests: [],
  imports: 1,
  python_versions: [],
  counts: {
    missing: findings.filter(f => f.rule === 'missing').length,
    'missing-optional': 0,
    unused: findings.filter(f => f.rule === 'unused').length,
    'misplaced-dev': 0,
    'stdlib-declared': 0
  },
  findings,
  ignored: 0,
  warnings: [],
  notes: [],
  dependency_changes: [],
  duration_ms: 1
})
const journal = (outcome: HealJournal['outcome']): HealJournal => ({
  command: 'npm test',
  outcome,
  healed: outcome === 'flaky-pass',
  cancelled: false,
  attempts: [],
  category: outcome === 'passed' ? null : 'network',
  exit_code: outcome === 'failed' ? 1 : 0,
  duration_ms: 5,
  max_attempts: 3
})
const sick: HealthReport = {
  healthy: false,
  cancelled: false,
  attempts: 3,
  elapsedMs: 10,
  endpoints: [
    {
      url: 'http://127.0.0.1:1/health',
      healthy: false,
      probes: 3,
      consecutiveSuccesses: 0,
      lastKind: 'refused',
      lastStatus: null,
      lastError: 'connection refused',
      elapsedMs: 10
    }
  ]
} as unknown as HealthReport

const passedInject = injectPayload([healthy('checkout')])
const failedInject = injectPayload([scenario({ name: 'checkout', status: 'failed', reason: 'x' })])
const skippedInject = injectPayload([
  scenario({ name: 'db', status: 'skipped', reason: 'no Docker' })
])
const validate = (status: ResultStatus, passed: boolean) => ({
  passed,
  sources: { results: [], config: null, environment: null, layers: [] },
  policy: { invalid: 'fail', min_samples: 1, regression_sigma: 3, fail_on_regression: false },
  history: { db: null, branch: null, runs: 0, note: null },
  scenarios: [],
  overall: [],
  summary: {
    scenarios: 0,
    by_verdict: {},
    slos: 1,
    failed_slos: status === 'failed' ? 1 : 0,
    warned_slos: status === 'warned' ? 1 : 0,
    insufficient: 0,
    regressions: 0,
    invalid: 0
  }
})

interface Case {
  name: string
  stage: Stage
  expected: ResultStatus
  /** The v2 payload and the status its stage sets for it. */
  payload: unknown
  status: StageStatus
  /** The same result as a v1 file's payload. */
  v1: unknown
}

const CASES: Case[] = [
  {
    name: 'a healthy service',
    stage: 'health',
    expected: 'passed',
    payload: HEALTH_PAYLOAD,
    status: healthStatus({ ...sick, healthy: true, endpoints: [] }),
    v1: HEALTH_PAYLOAD
  },
  {
    name: 'a service that never came up',
    stage: 'health',
    expected: 'failed',
    payload: { ...HEALTH_PAYLOAD, healthy: false },
    status: healthStatus(sick),
    v1: { ...HEALTH_PAYLOAD, healthy: false }
  },
  {
    name: 'an audit with a finding outside fail-on (v1: "warnings" in the DB, "warned" in the comment)',
    stage: 'audit',
    expected: 'warned',
    payload: audit([finding('unused')]),
    status: auditStatus([finding('unused')], ['missing']),
    v1: audit([finding('unused')])
  },
  {
    name: 'an audit with a missing dependency',
    stage: 'audit',
    expected: 'failed',
    payload: audit([finding('missing')]),
    status: auditStatus([finding('missing')], ['missing']),
    v1: audit([finding('missing')])
  },
  {
    name: 'a flaky pass the healer healed',
    stage: 'heal',
    expected: 'warned',
    payload: journal('flaky-pass'),
    status: healStatus(journal('flaky-pass')),
    v1: journal('flaky-pass')
  },
  {
    name: 'a command that failed',
    stage: 'heal',
    expected: 'failed',
    payload: journal('failed'),
    status: healStatus(journal('failed')),
    v1: journal('failed')
  },
  {
    name: 'an experiment that passed (v1 without a status: judged by its counts)',
    stage: 'inject',
    expected: 'passed',
    payload: passedInject,
    status: injectStatus(passedInject),
    v1: v1InjectPayload(passedInject, null)
  },
  {
    name: 'an experiment with a failed scenario',
    stage: 'inject',
    expected: 'failed',
    payload: failedInject,
    status: injectStatus(failedInject),
    v1: v1InjectPayload(failedInject, { status: 'failed', status_reason: '1 scenario(s) failed' })
  },
  {
    name: 'an experiment in which nothing ran',
    stage: 'inject',
    expected: 'nothing-ran',
    payload: skippedInject,
    status: injectStatus(skippedInject),
    v1: v1InjectPayload(skippedInject, injectStatus(skippedInject))
  },
  {
    name: 'a validation with a blocking failure',
    stage: 'validate',
    expected: 'failed',
    payload: validate('failed', false),
    status: { status: 'failed', status_reason: '1 SLO check(s) failed' },
    v1: { ...validate('failed', false), status: 'failed', status_reason: null }
  },
  {
    name: 'a validation with a warning (v1 without a status: by its flag and counts)',
    stage: 'validate',
    expected: 'warned',
    payload: validate('warned', true),
    status: { status: 'warned', status_reason: '1 SLO check(s) warned' },
    v1: validate('warned', true)
  },
  {
    name: 'a validation that evaluated nothing',
    stage: 'validate',
    expected: 'insufficient-data',
    payload: validate('insufficient-data', false),
    status: { status: 'insufficient-data', status_reason: 'no SLO evaluated' },
    v1: { ...validate('insufficient-data', false), status: 'insufficient-data' }
  }
]

/** The icon the comment shows for each status. */
const ICON: Record<string, string> = {
  passed: '✅',
  warned: '⚠️',
  failed: '❌',
  'nothing-ran': '⚠️ tested nothing',
  'insufficient-data': '⚠️ tested nothing'
}

async function bothFiles(c: Case, i: number): Promise<ResultsFile[]> {
  const dir = await tempDir()
  const env = {
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_RUN_ID: String(1000 + i),
    GITHUB_JOB: 'chaos',
    GITHUB_ACTION: c.stage
  }
  const v2 = await writeStageResults({
    dir,
    id: 'v2',
    stage: c.stage,
    status: c.status,
    payload: c.payload,
    startedAt: new Date('2026-11-27T10:00:00Z'),
    env
  })
  const v1 = await writeV1(dir, c.stage, c.v1, { run_id: String(2000 + i) })
  return [await readResults(v2), await readResults(v1)]
}

describe('every consumer reads the status each stage set', () => {
  it.each(CASES.map((c, i) => [c.name, c, i] as const))(
    '%s: the reader, record, the comment and the report agree, for v2 and v1 files',
    async (_name, c, i) => {
      const files = await bothFiles(c, i)
      expect(files.map(f => [f.schema, f.status])).toEqual([
        ['chaos-ci/results/v2', c.expected],
        ['chaos-ci/results/v2', c.expected]
      ])
      const db = await openBytes('h.db', undefined)
      for (const file of files) recordResults(db, file)
      expect(
        queryRows<{ status: string }>(db, 'SELECT status FROM stage_results ORDER BY id').map(
          r => r.status
        )
      ).toEqual([c.expected, c.expected])
      for (const file of files) {
        const body = commentBody([file], { name: 'chaos', runUrl: null }).body
        expect(body).toContain(`| ${c.stage} | ${ICON[c.expected]} |`)
      }
      const report = buildReport(db, { end: new Date('2026-11-29T00:00:00Z'), lookbackDays: 7 })
      const passes = ['passed', 'warned'].includes(c.expected)
      expect(report.executive).toMatchObject({ runs: 2, passed: passes ? 2 : 0 })
    }
  )

  it('writes v2 files with the status next to stage and run, and the payload snake_case', async () => {
    const dir = await tempDir()
    const file = await writeStageResults({
      dir,
      id: 'x',
      stage: 'inject',
      status: injectStatus(passedInject),
      payload: passedInject,
      startedAt: new Date(0),
      env: {}
    })
    const data = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
    expect(Object.keys(data)).toEqual([
      'schema',
      'stage',
      'status',
      'status_reason',
      'tool_version',
      'run',
      'payload'
    ])
    const camel: string[] = []
    const walk = (value: unknown, at: string): void => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}[${i}]`))
      else if (value && typeof value === 'object')
        for (const [key, v] of Object.entries(value)) {
          if (/[a-z][A-Z]/.test(key)) camel.push(`${at}.${key}`)
          walk(v, `${at}.${key}`)
        }
    }
    walk(data, '')
    expect(camel).toEqual([])
    expect((data.payload as { summary: object }).summary).not.toHaveProperty('status')
  })

  it("maps a v1 inject file's camelCase to v2's names, and moves its status to the envelope", () => {
    const read = parseResults<Record<string, never>>(
      'inject-v1.json',
      v1Text('inject', v1InjectPayload(failedInject, { status: 'failed', status_reason: 'why' }))
    )
    expect(read).toMatchObject({ status: 'failed', status_reason: 'why' })
    const p = read.payload as unknown as {
      timing: object
      safety: object
      summary: object
      scenarios: Array<{ details: object; journal: { proxy: object } }>
    }
    expect(p.timing).toEqual({
      baseline_ms: 2000,
      slice_ms: 250,
      required_slices: 3,
      max_recovery_ms: 30_000,
      cooldown_ms: 0,
      max_baseline_error_percent: 1
    })
    expect(p.safety).toEqual({ abort: {}, max_total_ms: null })
    expect(p.scenarios[0]!.details).toEqual({
      for_ms: 2000,
      delay_ms: 100,
      abort: { status: 503, retry_after_seconds: 1 }
    })
    expect(p.scenarios[0]!.journal.proxy).toEqual({
      connections: 3,
      active: 0,
      bytes_upstream: 10,
      bytes_downstream: 20,
      cut: 0
    })
    expect(p.summary).not.toHaveProperty('status')
    expect(p.summary).not.toHaveProperty('status_reason')
  })

  it('refuses a v2 file whose status its stage may not write, naming the file and the choices', () => {
    const forged = (stage: Stage, status: unknown): string =>
      JSON.stringify({
        schema: 'chaos-ci/results/v2',
        stage,
        status,
        status_reason: null,
        tool_version: '0.1.0',
        run: { run_id: '1' },
        payload: {}
      })
    for (const [stage, status] of [
      ['inject', 'green!'],
      ['health', 'warned'],
      ['inject', 'insufficient-data'],
      ['validate', undefined]
    ] as const) {
      const error = userErrorOf(() => parseResults('chaos-results/x.json', forged(stage, status)))
      expect(error.location.file).toBe('chaos-results/x.json')
      expect(error.message).toMatch(/is not one a \w+ results file may have/)
      expect(error.fix).toMatch(/one of: /)
    }
  })

  it("validate reads inject's status: a dry run's plan (v1 or v2) is not judged", async () => {
    const dir = await tempDir()
    await writeV1(
      dir,
      'inject',
      { ...(v1InjectPayload(passedInject, null) as object), dry_run: true },
      {
        step: 'plan'
      }
    )
    await writeV1(dir, 'inject', v1InjectPayload(passedInject, null), { step: 'ran' })
    const { status, payload } = await executeValidate(
      parseValidateOptions({
        results: dir,
        historyDb: path.join(dir, 'none.db'),
        slos: 'max_error_rate_percent: 50',
        resultsDir: ''
      })
    )
    expect(payload.sources.results.map(f => path.basename(f))).toEqual(['inject-ran.json'])
    expect(status.status).toBe('passed')
  })
})
