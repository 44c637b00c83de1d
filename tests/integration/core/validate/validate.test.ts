/**
 * validate on hand-built results files and a real history database: every verdict path, the merge of
 * the SLO sources, the baseline's noise band, and the errors for bad thresholds.
 */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'

import { beforeAll, describe, expect, it } from '@jest/globals'

import type { ScenarioResult } from '../../../../src/core/experiment/result.js'
import { openHistory, saveHistory } from '../../../../src/core/history/db.js'
import { recordFile } from '../../../../src/core/history/files.js'
import { seededRandom } from '../../../../src/core/random.js'
import type { StageStatus } from '../../../../src/core/results/status.js'
import {
  validateJunit,
  validateMarkdown,
  validateText,
  validateVerdict
} from '../../../../src/core/validate/describe.js'
import { executeValidate } from '../../../../src/core/validate/execute.js'
import {
  parseValidateOptions,
  type RawValidateOptions
} from '../../../../src/core/validate/options.js'
import type { ValidateOutcome, ValidatePayload } from '../../../../src/core/validate/payload.js'
import { healthy, injectPayload, scenario } from '../../../helpers/inject-results.js'
import { tempDir } from '../../../helpers/processes.js'
import { resultsFile } from '../../../helpers/results.js'

async function validate(
  scenarios: ScenarioResult[],
  raw: RawValidateOptions,
  more: { config?: string; environment?: string | null } = {}
): Promise<Judged> {
  const dir = await tempDir()
  await resultsFile(
    path.join(dir, 'results'),
    'inject',
    injectPayload(scenarios, more.environment ?? null)
  )
  let config: string | undefined
  if (more.config !== undefined) {
    config = path.join(dir, 'chaos.yml')
    await writeFile(config, more.config)
  }
  return judged(
    executeValidate(
      parseValidateOptions({
        results: path.join(dir, 'results'),
        historyDb: path.join(dir, 'none.db'),
        ...(config ? { config } : {}),
        ...raw
      })
    )
  )
}

/** The payload with the envelope's status beside it, as the tests read both. */
type Judged = ValidatePayload & StageStatus

async function judged(outcome: Promise<ValidateOutcome>): Promise<Judged> {
  const { status, payload } = await outcome
  return { ...payload, ...status }
}

function verdicts(payload: ValidatePayload): Record<string, string> {
  return Object.fromEntries(
    payload.scenarios.flatMap(s => s.slos.map(slo => [`${s.name} ${slo.key}`, slo.verdict]))
  )
}

describe('validate verdicts', () => {
  it('passes, warns and fails each SLO on its measured value', async () => {
    // 200 requests at 10 ms then 300 ms; 20 errors in 300 (inject + recovery) = 6.67% errors.
    const slow = scenario({
      name: 'slow',
      baseline: { latencies: { ms: 10, requests: 200 } },
      inject: { latencies: { ms: 300, requests: 200 }, errors: 20 },
      recovery: { latencies: { ms: 10, requests: 100 } },
      recoverySeconds: 4
    })
    const payload = await validate([slow, healthy('fine', 20, 1)], {
      slos: `http_req_duration: ['p(95)<250']
max_error_rate_percent: 10
degradation: ['p(95)<400']
recovery_time: ['<5']
warning:
  max_error_rate_percent: 5
  max_recovery_time_seconds: 3`
    })
    expect(verdicts(payload)).toEqual({
      'slow latency p95': 'fail',
      'slow error_rate': 'warn',
      'slow degradation p95': 'pass',
      'slow recovery_time': 'warn',
      'fine latency p95': 'pass',
      'fine error_rate': 'pass',
      'fine degradation p95': 'pass',
      'fine recovery_time': 'pass'
    })
    const slowLatency = payload.scenarios[0]!.slos.find(s => s.key === 'latency p95')!
    expect(slowLatency.value).toBeCloseTo(300, 0)
    const errorRate = payload.scenarios[0]!.slos.find(s => s.key === 'error_rate')!
    expect(errorRate.value).toBeCloseTo((100 * 20) / 300, 2)
    expect(payload.scenarios.map(s => [s.name, s.verdict])).toEqual([
      ['slow', 'failed'],
      ['fine', 'passed']
    ])
    expect(payload.passed).toBe(false)
    // And for the run as a whole: p95 of the merged histograms is 300 ms (fail), the slowest
    // recovery 4 s (warn).
    expect(payload.overall.map(slo => [slo.key, slo.verdict])).toEqual([
      ['latency p95', 'fail'],
      ['error_rate', 'pass'],
      ['degradation p95', 'pass'],
      ['recovery_time', 'warn']
    ])
    expect(payload.summary).toMatchObject({ failed_slos: 2, warned_slos: 3 })
  })

  it('calls a metric on too few requests insufficient-data, neither pass nor fail', async () => {
    const thin = scenario({
      name: 'thin',
      baseline: { latencies: { ms: 5, requests: 10 } },
      inject: { latencies: { ms: 900, requests: 10 } },
      recovery: { latencies: { ms: 5, requests: 5 } },
      recoverySeconds: 1
    })
    const payload = await validate([thin], { slos: "http_req_duration: ['p(95)<100']" })
    const slo = payload.scenarios[0]!.slos[0]!
    expect(slo.verdict).toBe('insufficient-data')
    expect(slo.note).toContain('fewer than the 30 needed')
    expect(payload.scenarios[0]!.verdict).toBe('insufficient-data')
    // No SLO evaluated at all: the validation is insufficient-data, and that is not a pass.
    expect(payload.status).toBe('insufficient-data')
    expect(payload.status_reason).toContain('lacked enough samples')
    expect(payload.passed).toBe(false)
    const relaxed = await validate([thin], {
      slos: "http_req_duration: ['p(95)<100']",
      onInsufficientData: 'warn'
    })
    expect(relaxed.status).toBe('insufficient-data')
    expect(relaxed.passed).toBe(true)
    const lower = await validate([thin], {
      slos: "http_req_duration: ['p(95)<100']",
      minSamples: '5'
    })
    expect(lower.scenarios[0]!.slos[0]!.verdict).toBe('fail')
  })

  it('fails the recovery SLO of a scenario that never recovered, and judges MTTR on the run', async () => {
    const stuck = scenario({
      name: 'stuck',
      status: 'failed',
      reason: 'not recovered within 10 s',
      baseline: { latencies: { ms: 5, requests: 100 } },
      inject: { latencies: { ms: 5, requests: 100 }, errors: 100 },
      recovery: { latencies: { ms: 5, requests: 100 }, errors: 100 },
      recoverySeconds: null,
      maxSeconds: 10
    })
    const payload = await validate([stuck, healthy('a', 10, 2), healthy('b', 10, 6)], {
      slos: 'max_recovery_time_seconds: 5\nmttr_seconds: 3'
    })
    const recovery = payload.scenarios[0]!.slos.find(s => s.key === 'recovery_time')!
    expect(recovery).toMatchObject({ verdict: 'fail', value: null })
    expect(recovery.note).toContain('not recovered within 10 s')
    expect(payload.scenarios.map(s => s.verdict)).toEqual(['failed', 'passed', 'failed'])
    // MTTR over the measured recoveries only: (2 + 6) / 2 = 4 s > 3 s.
    const mttr = payload.overall.find(s => s.key === 'mttr')!
    expect(mttr).toMatchObject({ value: 4, verdict: 'fail', samples: 2 })
    expect(mttr.note).toContain('1 scenario(s) never recovered')
  })

  it('never counts a scenario that did not run its fault cleanly as a pass', async () => {
    const statuses = [
      'invalid',
      'aborted',
      'steady-state-not-met',
      'skipped',
      'not-supported',
      'error',
      'interrupted'
    ] as const
    const results = statuses.map(status =>
      scenario({ name: status, status, reason: `because ${status}` })
    )
    const payload = await validate([...results, healthy('ok')], {
      slos: 'max_error_rate_percent: 50'
    })
    expect(payload.scenarios.map(s => [s.name, s.verdict, s.slos.length])).toEqual([
      ...statuses.map(status => [status, status, 0]),
      ['ok', 'passed', 1]
    ])
    expect(payload.passed).toBe(false)
    expect(payload.summary.by_verdict).toMatchObject({ passed: 1, invalid: 1, skipped: 1 })
  })

  it('calls a run in which no fault ran insufficient-data, which fails unless on-insufficient-data is warn', async () => {
    const results = (['skipped', 'not-supported'] as const).map(status =>
      scenario({ name: status, status, reason: 'no Docker engine on this runner' })
    )
    const payload = await validate(results, { slos: 'max_error_rate_percent: 50' })
    expect(payload.summary.slos).toBe(0)
    expect(payload.status).toBe('insufficient-data')
    expect(payload.status_reason).toContain("no scenario's fault ran")
    expect(payload.passed).toBe(false)
    expect(validateVerdict(payload, payload)).toMatch(/^insufficient data: no scenario's fault ran/)
    expect(validateMarkdown(payload, payload)).toContain(
      '## chaos-ci validate: ❔ insufficient data'
    )
    const warned = await validate(results, {
      slos: 'max_error_rate_percent: 50',
      onInsufficientData: 'warn'
    })
    expect(warned.passed).toBe(true)
    expect(validateVerdict(warned, warned)).toContain('(on-insufficient-data is warn)')
    // Something evaluated: passed is passed again, warned is warned.
    expect((await validate([healthy('ok')], { slos: 'max_error_rate_percent: 50' })).status).toBe(
      'passed'
    )
  })

  it('lets invalid-policy decide what an invalid scenario does to the step', async () => {
    const invalid = scenario({
      name: 'missed',
      status: 'invalid',
      reason: 'the fault did not land'
    })
    const slos = 'max_error_rate_percent: 50'
    const run = (policy: string) =>
      validate([invalid, healthy('ok')], { slos, invalidPolicy: policy })
    expect((await run('fail')).passed).toBe(false)
    const warned = await run('warn')
    expect(warned.passed).toBe(true)
    expect(warned.scenarios[0]!.verdict).toBe('invalid')
    expect((await run('ignore')).passed).toBe(true)
  })

  it('writes one JUnit case per scenario and SLO', async () => {
    const payload = await validate(
      [healthy('a & b', 10), scenario({ name: 'c', status: 'invalid', reason: 'no' })],
      { slos: "http_req_duration: ['p(95)<5']\nmax_error_rate_percent: 50" }
    )
    const xml = validateJunit(payload)
    expect(xml.match(/<testcase /g)).toHaveLength(2 + 1 + 2)
    expect(xml).toMatch(
      /<testsuite name="a &amp; b" [^>]* tests="2" failures="1" errors="0" skipped="0"/
    )
    expect(xml).toContain('<failure type="invalid" message="invalid: no"')
    expect(xml).toMatch(/<testsuite name="all scenarios" [^>]* tests="2" failures="1"/)
  })
})

describe('recording a validation', () => {
  it('adds a row per scenario and SLO to slo_results, with the baseline and regression', async () => {
    const dir = await tempDir()
    const payload = await validate(
      [healthy('a', 10), scenario({ name: 'b', status: 'invalid', reason: 'no' })],
      { slos: "http_req_duration: ['p(95)<5']\nwarning:\n  max_error_rate_percent: 1" }
    )
    const file = await resultsFile(dir, 'validate', payload)
    const db = await openHistory(path.join(dir, 'h.db'))
    expect(await recordFile(db, file)).toMatchObject({ slo_results: 2 + 1 + 2 })
    const rows = db
      .exec(
        'SELECT scenario, slo, value, threshold, severity, verdict, regression FROM slo_results ORDER BY scenario, slo'
      )[0]!
      .values.map(row => row.map(cell => (typeof cell === 'number' ? Math.round(cell) : cell)))
    // (10 ms recorded reads back as 10.007 ms: HdrHistogram's 3 significant digits.)
    expect(rows).toEqual([
      ['(all scenarios)', 'error_rate', 0, 1, 'warning', 'pass', 0],
      ['(all scenarios)', 'latency p95', 10, 5, 'blocking', 'fail', 0],
      ['a', 'error_rate', 0, 1, 'warning', 'pass', 0],
      ['a', 'latency p95', 10, 5, 'blocking', 'fail', 0],
      ['b', 'scenario', null, null, null, 'invalid', 0]
    ])
    expect(db.exec('SELECT status FROM stage_results')[0]!.values).toEqual([['failed']])
    db.close()
  })
})

describe('SLO sources', () => {
  const CONFIG = `slo_targets:
  max_error_rate_percent: 8
slo_severity:
  blocking:
    max_error_rate_percent: 15
environments:
  production:
    slo_targets:
      max_error_rate_percent: 1
scenarios:
  - name: reset
    type: tcp_fault
    intensity: heavy
    duration: 2
    parameters: {toxic: reset_peer}
    slo:
      max_error_rate_percent: 60
  - name: other
    type: http_fault
    intensity: light
    duration: 2
`
  // 10% errors during the fault window.
  const tenPercent = (name: string): ScenarioResult =>
    scenario({
      name,
      baseline: { latencies: { ms: 5, requests: 100 } },
      inject: { latencies: { ms: 5, requests: 200 }, errors: 30 },
      recovery: { latencies: { ms: 5, requests: 100 } },
      recoverySeconds: 1
    })

  it('applies file, environment, scenario and inline SLOs in that order', async () => {
    const scenarios = [tenPercent('reset'), tenPercent('other')]
    const file = await validate(scenarios, {}, { config: CONFIG })
    // The file alone: 15 blocks, 8 warns; the scenario's own 60 blocks for reset, and the file's
    // warning at 8 still fires first.
    expect(verdicts(file)).toEqual({ 'reset error_rate': 'warn', 'other error_rate': 'warn' })
    expect(file.scenarios[1]!.slos[0]!.blocking!.source).toMatch(/chaos\.yml:5$/)
    // Production's 1% blocks everywhere but where the scenario's own slo says 60.
    const production = await validate(scenarios, { environment: 'production' }, { config: CONFIG })
    expect(verdicts(production)).toEqual({ 'reset error_rate': 'warn', 'other error_rate': 'fail' })
    expect(production.sources.layers).toEqual([
      'slo_targets and slo_severity',
      "environment 'production'",
      "the scenarios' own slo"
    ])
    // The environment inject ran with applies when none is given.
    const inherited = await validate(scenarios, {}, { config: CONFIG, environment: 'production' })
    expect(inherited.sources.environment).toBe('production')
    expect(verdicts(inherited)['other error_rate']).toBe('fail')
    // The inline input is over everything.
    const inline = await validate(
      scenarios,
      { environment: 'production', slos: 'max_error_rate_percent: 5' },
      { config: CONFIG }
    )
    expect(verdicts(inline)).toEqual({ 'reset error_rate': 'fail', 'other error_rate': 'fail' })
  })

  // The case of issue #20: +150 ms under a scenario's own 300 ms target, the file's 100 ms elsewhere.
  const OWN_TARGET = `slo_targets:
  max_latency_degradation_ms: 100
  mttr_seconds: 10
scenarios:
  - name: slow
    type: network_delay
    intensity: medium
    duration: 2
    parameters: {delay_ms: 150}
    slo:
      max_latency_degradation_ms: 300
      mttr_seconds: 60
  - name: other
    type: http_fault
    intensity: light
    duration: 2
`
  const slow150 = scenario({
    name: 'slow',
    baseline: { latencies: { ms: 5, requests: 200 } },
    inject: { latencies: { ms: 155, requests: 200 } },
    recovery: { latencies: { ms: 5, requests: 100 } },
    recoverySeconds: 30
  })

  it('never lets the pooled row re-judge a scenario at a threshold its own slo replaced', async () => {
    const payload = await validate([slow150, healthy('other', 6, 1)], {}, { config: OWN_TARGET })
    expect(verdicts(payload)).toMatchObject({
      'slow degradation p95': 'pass',
      'slow mttr': 'pass',
      'other degradation p95': 'pass'
    })
    // The pooled rows judge only 'other', held to the file's thresholds; slow's own rows decide.
    expect(
      payload.overall.map(slo => [slo.key, slo.verdict, slo.pooled, slo.own_slo, slo.value])
    ).toEqual([
      ['degradation p95', 'pass', ['other'], ['slow'], 1],
      ['mttr', 'pass', ['other'], ['slow'], 1]
    ])
    expect(payload.status).toBe('passed')
    expect(validateText(payload)).toContain(
      'pass              all scenarios except slow (own slo): latency degradation p95 1.00 ms (blocking <= 100 ms'
    )
    // Without a scenario held to the file's threshold, there is nothing to pool and no row.
    const alone = await validate([slow150], {}, { config: OWN_TARGET })
    expect(alone.overall).toEqual([])
    expect(alone.passed).toBe(true)
    // The slos input is over the scenario's own slo: then the scenario is pooled, and fails, again.
    const inline = await validate(
      [slow150, healthy('other', 6, 1)],
      { slos: 'max_latency_degradation_ms: 100' },
      { config: OWN_TARGET }
    )
    expect(verdicts(inline)['slow degradation p95']).toBe('fail')
    const pooled = inline.overall.find(slo => slo.key === 'degradation p95')!
    expect(pooled).toMatchObject({ verdict: 'fail', pooled: ['slow', 'other'], own_slo: [] })
  })

  it('names the file, line and column of a malformed threshold, and the input for inline ones', async () => {
    const bad = `${CONFIG}    slo:\n      http_req_duration: ['p(95) < fast']\n`
    await expect(validate([healthy('other')], {}, { config: bad })).rejects.toMatchObject({
      message: expect.stringContaining("'p(95) < fast' is not a threshold expression"),
      location: { line: 23 }
    })
    await expect(validate([healthy('x')], { slos: "checks: ['p(95)>0.9']" })).rejects.toMatchObject(
      {
        message: expect.stringContaining('checks takes a rate'),
        location: { file: 'input slos', line: 1 }
      }
    )
  })

  it('refuses an unknown environment with the ones there are', async () => {
    await expect(
      validate([healthy('x')], { environment: 'producton' }, { config: CONFIG })
    ).rejects.toMatchObject({ message: expect.stringContaining("Did you mean 'production'") })
  })

  it('refuses to run with no SLO at all, and says how to give one', async () => {
    await expect(validate([healthy('x')], {})).rejects.toMatchObject({
      message: 'there are no SLOs to judge against.'
    })
  })
})

describe('baseline from history', () => {
  let db: string
  let results: string
  const MEAN = 100
  const SIGMA = 10

  /**
   * 30 past p95s with a known spread: 15 seeded normal draws mirrored about the mean and scaled, so
   * that their mean and median are exactly 100 ms and their standard deviation exactly 10 ms.
   */
  function knownSpread(): number[] {
    const random = seededRandom(42)
    const z = Array.from({ length: 15 }, () => {
      const u = 1 - random()
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())
    })
    const mirrored = [...z, ...z.map(v => -v)]
    const sd = Math.sqrt(mirrored.reduce((sum, v) => sum + v * v, 0) / (mirrored.length - 1))
    return mirrored.map(v => MEAN + (SIGMA * v) / sd)
  }

  const at = (name: string, p95: number): ScenarioResult =>
    scenario({
      name,
      baseline: { latencies: { ms: 5, requests: 100 } },
      inject: { latencies: { ms: p95, requests: 100 } },
      recovery: { latencies: { ms: 5, requests: 50 } },
      recoverySeconds: 1
    })

  beforeAll(async () => {
    const dir = await tempDir()
    db = path.join(dir, 'history.db')
    const history = await openHistory(db)
    const past = knownSpread()
    // 30 runs on main, each with both scenarios at the same p95s.
    for (let run = 1; run <= 30; run++) {
      const p95 = past[run - 1]!
      const file = await resultsFile(
        path.join(dir, `past-${run}`),
        'inject',
        injectPayload([at('shifted', p95), at('nudged', p95)]),
        { GITHUB_RUN_ID: String(1000 + run), GITHUB_REF: 'refs/heads/main' }
      )
      await recordFile(history, file)
    }
    // A feature branch with far slower runs: not part of main's baseline.
    for (let run = 1; run <= 5; run++) {
      const file = await resultsFile(
        path.join(dir, `branch-${run}`),
        'inject',
        injectPayload([at('shifted', 400), at('nudged', 400)]),
        { GITHUB_RUN_ID: String(2000 + run), GITHUB_REF: 'refs/heads/feature' }
      )
      await recordFile(history, file)
    }
    await saveHistory(history, db)
    history.close()
    results = path.join(dir, 'now')
    await resultsFile(
      results,
      'inject',
      injectPayload([at('shifted', MEAN + 3 * SIGMA), at('nudged', MEAN + 0.5 * SIGMA)]),
      { GITHUB_RUN_ID: '3000', GITHUB_REF: 'refs/heads/main' }
    )
  })

  const run = (raw: RawValidateOptions = {}) =>
    judged(
      executeValidate(
        parseValidateOptions({
          results,
          historyDb: db,
          slos: "http_req_duration: ['p(95)<1000']",
          baselineRuns: '30',
          ...raw
        }),
        { defaultBranch: 'main', runId: '3000' }
      )
    )

  it('flags a 3-sigma shift as a regression and not a 0.5-sigma one', async () => {
    const payload = await run()
    const [shifted, nudged] = payload.scenarios.map(s =>
      s.slos.find(slo => slo.key === 'latency p95')!
    )
    expect(shifted!.verdict).toBe('pass')
    expect(shifted!.baseline).toMatchObject({ runs: 30, regression: true })
    expect(nudged!.baseline).toMatchObject({ runs: 30, regression: false, improvement: false })
    // The band comes from the history's own spread (σ = 10 ms here, to HdrHistogram's 0.1%), not
    // a fixed share: median 100 ms ± 2.5 σ.
    expect(shifted!.baseline!.median).toBeCloseTo(MEAN, 0)
    expect(shifted!.baseline!.sigma).toBeCloseTo(SIGMA, 0)
    expect(shifted!.baseline!.high).toBeCloseTo(MEAN + 2.5 * SIGMA, 0)
    expect(shifted!.baseline!.change).toBeCloseTo(3 * SIGMA, 0)
    expect(nudged!.baseline!.change).toBeCloseTo(0.5 * SIGMA, 0)
    expect(payload.summary.regressions).toBe(1)
    // Regressions warn unless asked to fail.
    expect(payload.passed).toBe(true)
    expect((await run({ failOnRegression: 'true' })).passed).toBe(false)
    expect(payload.history).toMatchObject({ runs: 30, branch: 'main', note: null })
  })

  it('takes the baseline branch given, and every branch with *', async () => {
    const feature = await run({ baselineBranch: 'feature' })
    // Five runs at 400 ms on the feature branch: 130 ms now is far better than that.
    expect(feature.scenarios[0]!.slos[0]!.baseline).toMatchObject({
      runs: 5,
      improvement: true,
      regression: false
    })
    expect(feature.scenarios[0]!.slos[0]!.baseline!.median).toBeCloseTo(400, 0)
    const all = await run({ baselineBranch: '*', baselineRuns: '20' })
    expect(all.scenarios[0]!.slos[0]!.baseline!.runs).toBe(20)
  })

  it('says once that there is no history, and judges against the SLOs alone', async () => {
    const payload = await run({ historyDb: path.join(path.dirname(db), 'missing.db') })
    expect(payload.history.note).toContain('no history database at')
    expect(payload.scenarios.every(s => s.slos.every(slo => slo.baseline === null))).toBe(true)
    expect(payload.scenarios[0]!.slos[0]!.baseline_note).toBeNull()
  })
})
