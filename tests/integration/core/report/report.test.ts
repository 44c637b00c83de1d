/**
 * The weekly report from a synthetic history database: every figure is checked against an
 * independent SQL query (or count) written here, the deltas against the previous window, the
 * recommendations against the data that should trigger them, and outside text is rendered inert.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Database } from 'sql.js'

import { openBytes } from '../../../../src/core/history/db.js'
import { recordResults } from '../../../../src/core/history/record.js'
import { buildReport } from '../../../../src/core/report/build.js'
import type { ReportData } from '../../../../src/core/report/data.js'
import { renderReport } from '../../../../src/core/report/render.js'
import { splitMarkdown } from '../../../../src/core/report/split.js'
import { RESULTS_SCHEMA, type Stage } from '../../../../src/core/results/schema.js'
import { gfmAvailable, linksOf, renderGfm, tablesOf } from '../../../helpers/gfm.js'
import { injectPayload, scenario } from '../../../helpers/inject-results.js'
import { statusFor } from '../../../helpers/status.js'

const END = new Date('2026-11-29T00:00:00Z')
const DAY = 86_400_000

let runs = 0
function record(db: Database, stage: Stage, payload: unknown, at: Date, runId: string): void {
  const iso = at.toISOString()
  recordResults(db, {
    schema: RESULTS_SCHEMA,
    stage,
    ...statusFor(stage, payload),
    tool_version: '0.1.0',
    run: {
      repo: 'acme/shop',
      run_id: runId,
      run_attempt: 1,
      job: 'chaos',
      step: stage,
      sha: 'a'.repeat(40),
      ref: 'refs/heads/main',
      event: 'push',
      started_at: iso,
      finished_at: iso
    },
    payload
  })
}

/** A heal journal: `failures` failed attempts of `category` before the outcome. */
function heal(
  at: Date,
  outcome: 'passed' | 'flaky-pass' | 'failed',
  category: string | null,
  message: string | null,
  failures: number
) {
  const attempt = (number: number, failed: boolean) => ({
    number,
    started_at: at.toISOString(),
    duration_ms: 100,
    exit_code: failed ? 1 : 0,
    category: failed ? category : null,
    rule: failed ? `${category}-rule` : null,
    matched_line: failed ? message : null,
    decision: failed ? 'retry' : null,
    strategy: failed ? 'backoff' : null,
    strategy_outcome: failed ? 'done' : null,
    dependency_changes: []
  })
  const attempts = Array.from({ length: failures }, (_, i) => attempt(i + 1, true))
  if (outcome !== 'failed') attempts.push(attempt(failures + 1, false))
  return {
    command: 'pytest',
    outcome,
    healed: outcome === 'flaky-pass',
    cancelled: false,
    category,
    exit_code: outcome === 'failed' ? 1 : 0,
    duration_ms: 100 * attempts.length,
    max_attempts: 3,
    attempts
  }
}

function injectAt(at: Date, p95: number, recovery: number | null) {
  const result = scenario({
    name: 'checkout latency',
    status: recovery === null ? 'failed' : 'passed',
    baseline: { latencies: { ms: 5, requests: 100 } },
    inject: { latencies: { ms: p95, requests: 100 }, errors: 10 },
    recovery: { latencies: { ms: 5, requests: 50 } },
    recoverySeconds: recovery
  })
  result.started_at = at.toISOString()
  return injectPayload([result])
}

/** Validate's judgement of injectAt's scenario: its SLO passed; `failed` when inject's run failed. */
function validateAt(regression: boolean, failed = false) {
  const slo = {
    key: 'latency p95',
    label: 'latency p95',
    metric: 'latency',
    stat: 'p95',
    unit: 'ms',
    value: 300,
    samples: 100,
    verdict: 'pass',
    note: null,
    blocking: { text: 'max_p95_ms: 1000', op: '<=', threshold: 1000, source: 'x.yml:1' },
    warning: null,
    baseline: {
      runs: 20,
      median: 100,
      sigma: 10,
      outliers: 0,
      low: 75,
      high: 125,
      change: 200,
      sigmas: 20,
      regression,
      improvement: false
    },
    baseline_note: null
  }
  return {
    passed: !failed,
    scenarios: [
      {
        name: 'checkout latency',
        type: 'http_fault',
        intensity: 'light',
        status: failed ? 'failed' : 'passed',
        verdict: failed ? 'failed' : 'passed',
        reason: null,
        slos: [slo]
      }
    ],
    overall: []
  }
}

let db: Database
let data: ReportData

/**
 * The history: in the current window, 6 days × 4 runs (one dependency failure on `yaml` healed each
 * day, a network failure never healed every other day, a scenario run with a validation a day, its
 * p95 rising to 300 ms with a flagged regression on the last two days); in the previous window 3 days
 * of clean runs with a faster scenario.
 */
beforeAll(async () => {
  db = await openBytes('synthetic.db', undefined)
  for (let d = 1; d <= 6; d++) {
    const at = new Date(END.getTime() - d * DAY + 3_600_000)
    const id = (n: number) => `cur-${d}-${n}`
    record(
      db,
      'heal',
      heal(at, 'flaky-pass', 'dependency', "ModuleNotFoundError: No module named 'yaml'", 1),
      at,
      id(1)
    )
    record(db, 'heal', heal(at, 'passed', null, null, 0), at, id(2))
    if (d % 2 === 0)
      record(
        db,
        'heal',
        heal(at, 'failed', 'network', `Error: connect ECONNREFUSED 10.0.0.${d}:5432`, 3),
        at,
        id(3)
      )
    const p95 = d <= 2 ? 300 : 100 + d
    record(db, 'inject', injectAt(at, p95, d === 3 ? null : 2 + d / 10), at, id(4))
    record(db, 'validate', validateAt(d <= 2, d === 3), at, id(4))
  }
  for (let d = 8; d <= 10; d++) {
    const at = new Date(END.getTime() - d * DAY + 3_600_000)
    record(db, 'heal', heal(at, 'passed', null, null, 0), at, `prev-${d}-1`)
    record(db, 'inject', injectAt(at, 90, 1), at, `prev-${d}-4`)
  }
  runs = 0
  data = buildReport(db, { end: END, lookbackDays: 7 })
})

function scalar(sql: string, params: (string | number)[] = []): number | null {
  const result = db.exec(sql, params)
  return (result[0]?.values[0]?.[0] as number | null) ?? null
}

describe('report figures', () => {
  const from = new Date(END.getTime() - 7 * DAY).toISOString()
  const to = END.toISOString()

  it('counts runs, passes, flaky passes, healing and MTTR as independent queries do', () => {
    expect(runs).toBe(0)
    const e = data.executive
    expect(e.runs).toBe(
      scalar('SELECT COUNT(*) FROM chaos_runs WHERE started_at >= ? AND started_at < ?', [from, to])
    )
    expect(e.runs).toBe(6 * 3 + 3) // heal, heal, inject+validate (one run id) and every other day a failing heal
    const failedRuns = scalar(
      `SELECT COUNT(DISTINCT r.run_key) FROM chaos_runs r, stage_results s
        WHERE s.run = r.id AND s.status = 'failed' AND r.started_at >= ? AND r.started_at < ?`,
      [from, to]
    )!
    expect(e.passed).toBe(e.runs - failedRuns)
    expect(e.success_rate).toBeCloseTo((100 * (e.runs - failedRuns)) / e.runs, 2)
    expect(e.flaky_passes).toBe(
      scalar(
        "SELECT COUNT(*) FROM stage_results WHERE stage = 'heal' AND status = 'warned' AND started_at >= ? AND started_at < ?",
        [from, to]
      )
    )
    expect(e.flaky_passes).toBe(6)
    // Heal steps that met a failure: 6 dependency (healed) + 3 network (not).
    expect(e.healing).toEqual({ needed: 9, healed: 6, rate: 66.67 })
    const mttr = scalar(
      `SELECT AVG(recovery_seconds) FROM scenario_metrics WHERE phase = 'recovery' AND result IN
         (SELECT result FROM scenario_results WHERE started_at >= ? AND started_at < ?)`,
      [from, to]
    )!
    expect(e.mttr_seconds).toBeCloseTo(mttr, 3)
    expect(e.recoveries).toBe(5)
    // The previous window: 3 clean days.
    expect(data.previous).toMatchObject({ runs: 6, passed: 6, flaky_passes: 0, mttr_seconds: 1 })
  })

  it('lists each day of the window, with the runs of that day', () => {
    expect(data.daily).toHaveLength(7)
    const perDay = db.exec(
      `SELECT substr(started_at, 1, 10), COUNT(*) FROM chaos_runs WHERE started_at >= ? AND started_at < ? GROUP BY 1`,
      [from, to]
    )[0]!.values
    for (const [day, count] of perDay) expect(data.daily.find(d => d.day === day)!.runs).toBe(count)
    expect(data.daily[0]!.runs).toBe(0) // the 22nd had none
  })

  it('groups failures by category and by normalised message', () => {
    const byCategory = db
      .exec(
        'SELECT category, COUNT(*) FROM chaos_failures WHERE occurred_at >= ? AND occurred_at < ? GROUP BY category ORDER BY 2 DESC, 1',
        [from, to]
      )[0]!
      .values.map(([category, count]) => ({ category, count }))
    expect(data.failures.by_category).toEqual(byCategory)
    expect(data.failures.total).toBe(6 + 3 * 3 + 1) // + the scenario that did not recover
    // Three hosts, one pattern: the address and port are replaced.
    const network = data.failures.patterns.find(p => p.categories.includes('network'))!
    expect(network).toMatchObject({ pattern: 'Error: connect ECONNREFUSED <n>:<n>', count: 9 })
    expect(data.failures.patterns[0]!.count).toBe(9)
    expect(data.previous_failures).toBe(0)
  })

  it('reports healing by category and strategy', () => {
    expect(data.healing).toEqual([
      { category: 'dependency', strategy: 'backoff', steps: 6, healed: 6, attempts: 12 },
      { category: 'network', strategy: 'backoff', steps: 3, healed: 0, attempts: 9 }
    ])
  })

  it('follows each scenario: medians, the newest value, failures to recover and regressions', () => {
    expect(data.scenarios).toHaveLength(1)
    const s = data.scenarios[0]!
    expect(s).toMatchObject({
      scenario: 'checkout latency',
      runs: 6,
      passed: 5,
      never_recovered: 1,
      regressions: 2
    })
    // p95s 300, 300, 103, 104, 105, 106 (to HdrHistogram's precision): median ≈ 105.5 ms.
    expect(s.p95_ms).toBeCloseTo(105.5, 0)
    expect(s.last_p95_ms).toBeCloseTo(300, -1)
    expect(data.previous_scenarios[0]!.p95_ms).toBeCloseTo(90, 0)
  })

  it('recommends from the data, citing its numbers', () => {
    const rules = data.recommendations.map(r => r.rule)
    expect(rules).toEqual([
      'recurring-missing-module',
      'unhealed-category',
      'scenario-regression',
      'scenario-not-recovered',
      'mttr-rose',
      'success-rate-fell',
      'flaky-passes-rose',
      'flaky-category'
    ])
    const module = data.recommendations[0]!
    expect(module.evidence).toEqual({ module: 'yaml', package: 'PyYAML', count: 6 })
    expect(module.markdown).toContain('recurred 6× on `yaml`')
    expect(module.markdown).toContain('`PyYAML`')
    expect(data.recommendations[1]!.evidence).toEqual({ category: 'network', healed: 0, steps: 3 })
    expect(data.recommendations[1]!.markdown).toContain('Error: connect ECONNREFUSED <n>:<n>')
    expect(data.recommendations[2]!.evidence).toMatchObject({
      scenario: 'checkout latency',
      regressions: 2
    })
    const byRule = (rule: string) => data.recommendations.find(r => r.rule === rule)!
    // MTTR 1 s before; now the mean of 2.1, 2.2, 2.4, 2.5, 2.6 (day 3 never recovered).
    expect(byRule('mttr-rose').evidence).toEqual({ before: 1, now: 2.36, recoveries: 5 })
    expect(byRule('mttr-rose').markdown).toContain('from 1 s to 2.36 s (+136%)')
    expect(byRule('success-rate-fell').evidence).toMatchObject({
      before: 100,
      now: data.executive.success_rate
    })
    expect(byRule('flaky-passes-rose').evidence).toEqual({ before: 0, now: 6 })
    expect(byRule('flaky-category').evidence).toEqual({
      category: 'dependency',
      healed: 6,
      steps: 6,
      extra_attempts: 6
    })
  })

  it('renders every section, with the deltas against the previous window', () => {
    const markdown = renderReport(data)
    for (const heading of [
      'Executive summary',
      'Validation runs trend',
      'Failure analysis',
      'Auto-healing performance',
      'Resilience per scenario',
      'Dependency changes',
      'Recommendations and next steps'
    ])
      expect(markdown).toContain(`## ${heading}`)
    expect(markdown).toContain(
      `| runs | ${data.executive.runs} | 6 | +${data.executive.runs - 6} |`
    )
    expect(markdown).toContain('| flaky passes | 6 | 0 | +6 |')
    expect(markdown).toContain('xychart-beta')
    expect(markdown).toContain('pie title Failures by category')
    expect(markdown).toContain('"network" : 9')
  })
})

describe('a window with no data', () => {
  it('says so plainly', async () => {
    const empty = await openBytes('empty.db', undefined)
    const markdown = renderReport(buildReport(empty, { end: END, lookbackDays: 7 }))
    expect(markdown).toContain('No chaos-ci runs were recorded in this window')
    expect(markdown).not.toContain('## Executive summary')
    empty.close()
  })
})

describe('runs that tested nothing', () => {
  it('are never counted as passed, and the report says why and what to do', async () => {
    const history = await openBytes('nothing.db', undefined)
    const at = new Date(END.getTime() - DAY)
    record(history, 'inject', injectAt(at, 100, 1), at, 'ran-1')
    const skipped = scenario({
      name: 'db outage',
      status: 'not-supported',
      reason: 'no Docker engine'
    })
    skipped.started_at = at.toISOString()
    record(history, 'inject', injectPayload([skipped]), at, 'none-1')
    const report = buildReport(history, { end: END, lookbackDays: 7 })
    expect(report.executive).toMatchObject({ runs: 2, passed: 1, nothing_ran: 1, success_rate: 50 })
    const markdown = renderReport(report)
    expect(markdown).toContain(
      '| runs that tested nothing (no fault ran or no SLO evaluated; not passed) | 1 | 0 | +1 |'
    )
    expect(report.recommendations.map(r => r.rule)).toContain('nothing-ran')
    expect(markdown).toContain('1 of 2 run(s) injected no fault or evaluated no SLO')
    history.close()
  })
})

describe('outside text in the report', () => {
  it('renders Markdown, HTML and mentions in failures inert', async () => {
    const hostile = await openBytes('hostile.db', undefined)
    const at = new Date(END.getTime() - DAY)
    const message =
      '[click](http://evil.example) <img src=x onerror=alert(1)> @here **bold** `tick`'
    record(hostile, 'heal', heal(at, 'failed', '<b>x</b> @here "q"', message, 2), at, 'h-1')
    const markdown = renderReport(buildReport(hostile, { end: END, lookbackDays: 7 }))
    // The category cell is escaped and its mention broken; the Mermaid label loses < > and quotes.
    expect(markdown).toContain('| \\<b\\>x\\</b\\> @\u200bhere "q" |')
    expect(markdown).toContain('" b x /b  @here  q " : 2')
    // Messages appear only inside code spans, where nothing renders or pings.
    const outsideCode = markdown.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, '')
    expect(outsideCode).not.toMatch(/<img|\[click\]|@here|\*\*bold/)
    hostile.close()
  })
})

const describeRendered = gfmAvailable() ? describe : describe.skip

describeRendered('the report as GitHub renders it (cmark-gfm)', () => {
  it('has every table with its columns and one row per item of the data, and no link it did not write', async () => {
    const html = await renderGfm(renderReport(data))
    expect(linksOf(html)).toEqual([])
    const tables = tablesOf(html)
    const shape = tables.map(t => [t.header.length, t.rows.length])
    expect(shape).toEqual([
      [4, tables[0]!.rows.length],
      [4, data.daily.length],
      [3, data.failures.by_category.length],
      [3, data.failures.patterns.length],
      [6, data.healing.length],
      [9, data.scenarios.length],
      ...(data.dependencies.length ? [[5, data.dependencies.length]] : []),
      ...(data.findings.length ? [[4, data.findings.length]] : [])
    ])
    expect(tables[0]!.rows.length).toBeGreaterThan(3)
    for (const table of tables)
      expect(table.rows.every(row => row.length === table.header.length)).toBe(true)
    expect(tables[2]!.rows.map(row => row[0])).toEqual(
      data.failures.by_category.map(c => c.category)
    )
    expect(tables[3]!.rows.map(row => row[0])).toEqual(data.failures.patterns.map(p => p.pattern))
    expect(tables[5]!.rows.map(row => row[0])).toEqual(data.scenarios.map(s => s.scenario))
  })
})

describe('splitMarkdown', () => {
  it('splits at headings, keeps fenced blocks whole, and loses nothing', () => {
    const section = (i: number) =>
      `## Section ${i}\n\n${'word '.repeat(3000)}\n\n\`\`\`mermaid\npie\n  "a" : ${i}\n\`\`\`\n\n`
    const markdown = Array.from({ length: 12 }, (_, i) => section(i)).join('')
    const parts = splitMarkdown(markdown, 20_000)
    expect(parts.length).toBeGreaterThan(1)
    expect(parts.join('')).toBe(markdown)
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(20_000)
      expect(part.startsWith('## Section')).toBe(true)
      expect((part.match(/```/g) ?? []).length % 2).toBe(0)
    }
  })

  it('splits a section longer than the limit at blank lines, then at line ends', () => {
    const long = `## Big\n\n${Array.from({ length: 400 }, (_, i) => `| row ${i} | ${'x'.repeat(200)} |`).join('\n')}\n`
    const parts = splitMarkdown(long, 10_000)
    expect(parts.join('')).toBe(long)
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(10_000)
    // Cut at line ends: every part but the last ends a line.
    expect(parts.slice(0, -1).every(part => part.endsWith('\n'))).toBe(true)
  })
})
