/**
 * The report's figures, each one SQL query over the history database for one window. A run is a
 * `chaos_runs` row (one job of one workflow run attempt); it passed when none of its stages' status
 * (set by the stage in its results file) is failed, nothing-ran or insufficient-data. A scenario's
 * outcome is validate's verdict wherever validate judged it, else inject's status.
 */
import type { Database } from 'sql.js'

import { queryRows } from '../history/db.js'
import { RESULT_KEY } from '../history/export.js'
import type { Window } from './window.js'

type Param = string | number | null

function one<T>(db: Database, sql: string, params: Param[]): T {
  return queryRows<T>(db, sql, params)[0]!
}

const RUN_IN = 'r.started_at >= ? AND r.started_at < ?'
/** Stage statuses that keep a run from passing: doing nothing is never green. */
const NOT_PASSED = "s.status IN ('failed', 'nothing-ran', 'insufficient-data')"
const EMPTY = "s.status IN ('nothing-ran', 'insufficient-data')"

export interface Executive {
  runs: number
  passed: number
  /** Passed runs over runs with a stage, in percent; null with none. */
  success_rate: number | null
  /** Runs in which no fault ran or no SLO was evaluated (never counted as passed). */
  nothing_ran: number
  /** Steps that passed only after healing retried them. */
  flaky_passes: number
  /** Heal steps that saw a failure, and how many of them ended healed. */
  healing: { needed: number; healed: number; rate: number | null }
  /** Mean measured recovery time, seconds; null with none. */
  mttr_seconds: number | null
  recoveries: number
}

function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((10000 * part) / whole) / 100 : null
}

export function executive(db: Database, w: Window): Executive {
  const runs = one<{ runs: number; passed: number }>(
    db,
    `SELECT COUNT(*) AS runs, COALESCE(SUM(NOT EXISTS (
         SELECT 1 FROM stage_results s WHERE s.run = r.id AND ${NOT_PASSED})), 0) AS passed
       FROM chaos_runs r
      WHERE ${RUN_IN} AND EXISTS (SELECT 1 FROM stage_results s WHERE s.run = r.id)`,
    [w.from, w.to]
  )
  const empty = one<{ n: number }>(
    db,
    `SELECT COUNT(*) AS n FROM chaos_runs r
      WHERE ${RUN_IN} AND EXISTS (SELECT 1 FROM stage_results s WHERE s.run = r.id AND ${EMPTY})`,
    [w.from, w.to]
  )
  const flaky = one<{ n: number }>(
    db,
    `SELECT COUNT(*) AS n FROM chaos_runs r JOIN stage_results s ON s.run = r.id
      WHERE ${RUN_IN} AND s.stage = 'heal' AND s.status = 'warned'`,
    [w.from, w.to]
  )
  const healing = one<{ needed: number; healed: number }>(
    db,
    `SELECT COUNT(*) AS needed, COALESCE(SUM(s.status = 'warned'), 0) AS healed
       FROM chaos_runs r JOIN stage_results s ON s.run = r.id
      WHERE ${RUN_IN} AND s.stage = 'heal'
        AND EXISTS (SELECT 1 FROM healing_attempts h
                     WHERE h.result = s.id AND h.category IS NOT NULL)`,
    [w.from, w.to]
  )
  const mttr = one<{ mean: number | null; n: number }>(
    db,
    `SELECT AVG(m.recovery_seconds) AS mean, COUNT(m.recovery_seconds) AS n
       FROM scenario_results sr
       JOIN scenario_metrics m ON m.result = sr.result AND m.seq = sr.seq AND m.phase = 'recovery'
      WHERE sr.started_at >= ? AND sr.started_at < ?`,
    [w.from, w.to]
  )
  return {
    runs: runs.runs,
    passed: runs.passed,
    success_rate: percent(runs.passed, runs.runs),
    nothing_ran: empty.n,
    flaky_passes: flaky.n,
    healing: {
      needed: healing.needed,
      healed: healing.healed,
      rate: percent(healing.healed, healing.needed)
    },
    mttr_seconds: mttr.mean === null ? null : Math.round(mttr.mean * 1000) / 1000,
    recoveries: mttr.n
  }
}

export interface DailyRow {
  day: string
  runs: number
  passed: number
}

export function daily(db: Database, w: Window): DailyRow[] {
  return queryRows<DailyRow>(
    db,
    `SELECT substr(r.started_at, 1, 10) AS day, COUNT(*) AS runs, SUM(NOT EXISTS (
         SELECT 1 FROM stage_results s WHERE s.run = r.id AND ${NOT_PASSED})) AS passed
       FROM chaos_runs r
      WHERE ${RUN_IN} AND EXISTS (SELECT 1 FROM stage_results s WHERE s.run = r.id)
      GROUP BY day ORDER BY day`,
    [w.from, w.to]
  )
}

export interface FailureRow {
  stage: string
  category: string
  rule: string | null
  message: string | null
}

/** Every failure in the window (the report groups and normalises them). */
export function failures(db: Database, w: Window): FailureRow[] {
  return queryRows<FailureRow>(
    db,
    `SELECT stage, category, rule, message FROM chaos_failures
      WHERE occurred_at >= ? AND occurred_at < ?`,
    [w.from, w.to]
  )
}

export interface HealingRow {
  category: string
  strategy: string | null
  /** Heal steps whose first failure was of this category and strategy. */
  steps: number
  healed: number
  /** Attempts those steps made in all. */
  attempts: number
}

export function healing(db: Database, w: Window): HealingRow[] {
  return queryRows<HealingRow>(
    db,
    `SELECT h.category, h.strategy, COUNT(*) AS steps,
            SUM(s.status = 'warned') AS healed,
            SUM((SELECT COUNT(*) FROM healing_attempts a WHERE a.result = s.id)) AS attempts
       FROM chaos_runs r
       JOIN stage_results s ON s.run = r.id
       JOIN healing_attempts h ON h.result = s.id
      WHERE ${RUN_IN} AND h.category IS NOT NULL
        AND h.attempt = (SELECT MIN(attempt) FROM healing_attempts h2
                          WHERE h2.result = s.id AND h2.category IS NOT NULL)
      GROUP BY h.category, h.strategy
      ORDER BY steps DESC, h.category`,
    [w.from, w.to]
  )
}

export interface ScenarioRow {
  scenario: string
  runs: number
  /** Runs that passed: validate's verdict passed or warned where it judged the run, else inject's passed. */
  passed: number
  /** Medians over the window's runs (inject phase; recovery from the recovery phase). */
  p95_ms: number | null
  error_rate_percent: number | null
  recovery_seconds: number | null
  /** The newest run's values, for the trend. */
  last_p95_ms: number | null
  /** Runs whose recovery was measured and never came. */
  never_recovered: number
  regressions: number
}

/** Validate's verdicts that pass a scenario (a warning passes, as in the step). */
const PASSING = ['passed', 'warned']

/**
 * Validate's verdict on the inject scenario `sr` (of stage `s`, run `r`): the verdict tied to that
 * row by its source, else (files from before sources) the newest verdict on a scenario of that name
 * in the same workflow run attempt, any job; null when validate never judged it.
 */
const VALIDATED = `COALESCE(
  (SELECT v.verdict FROM scenario_verdicts v
    WHERE v.inject_key = ${RESULT_KEY} AND v.inject_seq = sr.seq
    ORDER BY v.result DESC LIMIT 1),
  (SELECT v.verdict FROM scenario_verdicts v
     JOIN stage_results vs ON vs.id = v.result
     JOIN chaos_runs vr ON vr.id = vs.run
    WHERE v.inject_key IS NULL AND v.scenario = sr.scenario AND vr.repo IS r.repo
      AND vr.run_id = r.run_id AND vr.run_attempt = r.run_attempt
    ORDER BY vs.finished_at DESC, v.result DESC LIMIT 1))`

function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export function scenarios(db: Database, w: Window): ScenarioRow[] {
  const rows = queryRows<{
    scenario: string
    status: string
    verdict: string | null
    p95: number | null
    error_rate: number | null
    recovery: number | null
    measured: number
  }>(
    db,
    `SELECT sr.scenario, sr.status, ${VALIDATED} AS verdict,
            EXISTS (SELECT 1 FROM scenario_metrics m WHERE m.result = sr.result AND m.seq = sr.seq AND m.phase = 'recovery') AS measured,
            (SELECT p95_ms FROM scenario_metrics m WHERE m.result = sr.result AND m.seq = sr.seq AND m.phase = 'inject') AS p95,
            (SELECT error_rate_percent FROM scenario_metrics m WHERE m.result = sr.result AND m.seq = sr.seq AND m.phase = 'inject') AS error_rate,
            (SELECT recovery_seconds FROM scenario_metrics m WHERE m.result = sr.result AND m.seq = sr.seq AND m.phase = 'recovery') AS recovery
       FROM scenario_results sr
       JOIN stage_results s ON s.id = sr.result
       JOIN chaos_runs r ON r.id = s.run
      WHERE sr.started_at >= ? AND sr.started_at < ? AND sr.status NOT IN ('skipped', 'not-supported')
      ORDER BY sr.started_at`,
    [w.from, w.to]
  )
  const regressions = new Map(
    queryRows<{ scenario: string; n: number }>(
      db,
      `SELECT sl.scenario, COUNT(DISTINCT sl.result) AS n
         FROM chaos_runs r
         JOIN stage_results s ON s.run = r.id
         JOIN slo_results sl ON sl.result = s.id
        WHERE ${RUN_IN} AND sl.regression = 1
        GROUP BY sl.scenario`,
      [w.from, w.to]
    ).map(row => [row.scenario, row.n])
  )
  const byName = new Map<string, typeof rows>()
  for (const row of rows) byName.set(row.scenario, [...(byName.get(row.scenario) ?? []), row])
  const numbers = (list: typeof rows, pick: (row: (typeof rows)[number]) => number | null) =>
    list.flatMap(row => {
      const value = pick(row)
      return value === null ? [] : [value]
    })
  return [...byName.entries()]
    .map(([scenario, list]) => ({
      scenario,
      runs: list.length,
      passed: list.filter(row =>
        row.verdict === null ? row.status === 'passed' : PASSING.includes(row.verdict)
      ).length,
      p95_ms: median(numbers(list, row => row.p95)),
      error_rate_percent: median(numbers(list, row => row.error_rate)),
      recovery_seconds: median(numbers(list, row => row.recovery)),
      last_p95_ms: list.at(-1)!.p95,
      // A recovery phase that never ended: chaos-ci's inject fails a scenario for that alone (the
      // seed's reports fail scenarios for other reasons, and have no recovery phase).
      never_recovered: list.filter(
        row => row.status === 'failed' && row.measured && row.recovery === null
      ).length,
      regressions: regressions.get(scenario) ?? 0
    }))
    .sort((a, b) => b.runs - a.runs || a.scenario.localeCompare(b.scenario))
}

export interface DependencyRow {
  action: string
  ecosystem: string | null
  name: string
  changes: number
  reason: string | null
}

export function dependencyChanges(db: Database, w: Window): DependencyRow[] {
  return queryRows<DependencyRow>(
    db,
    `SELECT action, ecosystem, name, COUNT(*) AS changes, MAX(reason) AS reason
       FROM dependency_changes WHERE changed_at >= ? AND changed_at < ?
      GROUP BY action, ecosystem, name ORDER BY changes DESC, name`,
    [w.from, w.to]
  )
}

export interface FindingRow {
  rule: string
  ecosystem: string
  name: string
  /** Runs in which the audit found it. */
  runs: number
}

export function auditFindings(db: Database, w: Window): FindingRow[] {
  return queryRows<FindingRow>(
    db,
    `SELECT f.rule, f.ecosystem, f.name, COUNT(DISTINCT s.run) AS runs
       FROM audit_findings f JOIN stage_results s ON s.id = f.result
      WHERE f.found_at >= ? AND f.found_at < ?
      GROUP BY f.rule, f.ecosystem, f.name ORDER BY runs DESC, f.name`,
    [w.from, w.to]
  )
}
