/**
 * Importing results files into the history database. Each file is one transaction; every row has a
 * natural key and is inserted with ON CONFLICT DO NOTHING, so importing a file twice — or merging two
 * databases that both hold it — changes nothing. A stage row refers to its run, and the rows of a
 * stage to it, by id (schema 6). Stored text is capped (./cap.ts).
 */
import type { Database } from 'sql.js'

import type { AuditPayload } from '../audit/report.js'
import type { InjectPayload } from '../experiment/payload.js'
import type { HealJournal } from '../heal/journal.js'
import type { HealthPayload } from '../health/payload.js'
import type { ResultsFile } from '../results/schema.js'
import type { SloVerdict } from '../validate/judge.js'
import type { ValidatePayload } from '../validate/payload.js'
import { cappedJson, capText } from './cap.js'
import { resultKey, runKey } from './keys.js'
import { settleRuns } from './runs.js'
import { firstValue, inTransaction, prepared } from './statements.js'

type Value = string | number | null

/** Columns holding JSON whose strings were capped one by one (see {@link cappedJson}). */
const CAPPED_JSON = new Set(['payload'])

/**
 * Inserts a row unless its natural key is already there; returns 1 when a row was added. Every
 * string is capped, keys too: a key cut alike from the same input stays a natural key.
 */
export function insert(
  db: Database,
  table: string,
  row: Record<string, Value | boolean | undefined>
): number {
  const columns = Object.keys(row)
  const values = columns.map(column => {
    const value = row[column]
    if (typeof value === 'string') return CAPPED_JSON.has(column) ? value : capText(value)
    return value === undefined ? null : typeof value === 'boolean' ? Number(value) : value
  })
  prepared(
    db,
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`
  ).run(values)
  return db.getRowsModified()
}

/** Rows added per table by one import. */
export type Added = Record<string, number>

function add(added: Added, table: string, count: number): void {
  added[table] = (added[table] ?? 0) + count
}

/** Inserts a row (see {@link insert}) and counts it in `added`. */
export function put(
  db: Database,
  added: Added,
  table: string,
  row: Record<string, Value | boolean | undefined>
): void {
  add(added, table, insert(db, table, row))
}

/** A heal journal: one healing attempt per attempt, a failure per failed attempt, its dependency changes. */
function healRows(db: Database, results: ResultsFile, key: number, added: Added): void {
  const journal = results.payload as HealJournal
  journal.attempts.forEach((attempt, i) => {
    put(db, added, 'healing_attempts', {
      result: key,
      attempt: attempt.number,
      command: journal.command,
      category: attempt.category,
      rule: attempt.rule,
      strategy: attempt.strategy,
      strategy_outcome: attempt.strategy_outcome,
      decision: attempt.decision,
      exit_code: attempt.exit_code,
      duration_ms: attempt.duration_ms,
      healed: journal.healed && i === journal.attempts.length - 1,
      started_at: attempt.started_at
    })
    if (attempt.category)
      put(db, added, 'chaos_failures', {
        result: key,
        seq: attempt.number,
        stage: 'heal',
        category: attempt.category,
        rule: attempt.rule,
        message: attempt.matched_line,
        occurred_at: attempt.started_at
      })
    ;(attempt.dependency_changes ?? []).forEach((change, j) => {
      put(db, added, 'dependency_changes', {
        result: key,
        seq: attempt.number * 1000 + j,
        action: change.action,
        name: change.name,
        reason: change.reason,
        changed_at: attempt.started_at
      })
    })
  })
}

/** A health check: a failure per endpoint that never became healthy. */
function healthRows(db: Database, results: ResultsFile, key: number, added: Added): void {
  const at = results.run.finished_at
  const payload = results.payload as HealthPayload
  payload.endpoints.forEach((endpoint, i) => {
    if (!endpoint.healthy)
      put(db, added, 'chaos_failures', {
        result: key,
        seq: i + 1,
        stage: 'health',
        category: 'health_check',
        rule: endpoint.last_kind,
        message: `${endpoint.url}: ${endpoint.last_error ?? `HTTP ${endpoint.last_status}`}`,
        occurred_at: at
      })
  })
}

/** An audit: its findings and dependency changes. */
function auditRows(db: Database, results: ResultsFile, key: number, added: Added): void {
  const at = results.run.finished_at
  const payload = results.payload as AuditPayload
  payload.findings.forEach((finding, i) => {
    put(db, added, 'audit_findings', {
      result: key,
      seq: i + 1,
      rule: finding.rule,
      ecosystem: finding.ecosystem,
      name: finding.name,
      file: finding.file,
      line: finding.line,
      found_at: at
    })
  })
  payload.dependency_changes.forEach((change, i) => {
    put(db, added, 'dependency_changes', {
      result: key,
      seq: i + 1,
      action: change.action,
      ecosystem: change.ecosystem,
      name: change.name,
      import_name: change.import,
      file: change.file,
      confidence: change.confidence,
      source: change.source,
      reason: change.reason,
      changed_at: at
    })
  })
}

/** An inject run: a row per scenario, its metrics per phase, a failure per scenario that did not pass. */
function injectRows(db: Database, results: ResultsFile, key: number, added: Added): void {
  const payload = results.payload as InjectPayload
  payload.scenarios.forEach((scenario, i) => {
    const seq = i + 1
    put(db, added, 'scenario_results', {
      result: key,
      seq,
      scenario: scenario.name,
      type: scenario.type,
      intensity: scenario.intensity,
      status: scenario.status,
      started_at: scenario.started_at,
      duration_ms: scenario.elapsed_ms,
      error: scenario.reason
    })
    for (const [phase, metrics] of Object.entries(scenario.phases)) {
      const recovery = phase === 'recovery' ? scenario.recovery : null
      put(db, added, 'scenario_metrics', {
        result: key,
        seq,
        phase,
        samples: metrics.requests,
        availability_percent: metrics.availability_percent,
        error_rate_percent: metrics.error_rate_percent,
        p50_ms: metrics.p50,
        p95_ms: metrics.p95,
        p99_ms: metrics.p99,
        throughput_rps: metrics.throughput,
        recovery_seconds: recovery?.time_ms != null ? recovery.time_ms / 1000 : null
      })
    }
    if (!['passed', 'not-supported', 'skipped'].includes(scenario.status))
      put(db, added, 'chaos_failures', {
        result: key,
        seq,
        stage: 'inject',
        category: scenario.status,
        rule: scenario.type,
        message: `${scenario.name}: ${scenario.reason ?? scenario.status}`,
        occurred_at: scenario.started_at
      })
  })
}

/** A validate run: a row per scenario × SLO (and per scenario that was not judged, its status). */
function validateRows(db: Database, results: ResultsFile, key: number, added: Added): void {
  const payload = results.payload as ValidatePayload
  const row = (scenario: string, slo: SloVerdict): void => {
    const decided = slo.verdict === 'warn' ? slo.warning : (slo.blocking ?? slo.warning)
    put(db, added, 'slo_results', {
      result: key,
      scenario,
      slo: slo.key,
      value: slo.value,
      threshold: decided?.threshold ?? null,
      severity: decided === slo.warning && decided !== null ? 'warning' : 'blocking',
      verdict: slo.verdict,
      baseline_median: slo.baseline?.median ?? null,
      baseline_low: slo.baseline?.low ?? null,
      baseline_high: slo.baseline?.high ?? null,
      regression: slo.baseline?.regression ?? false
    })
  }
  payload.scenarios.forEach((scenario, i) => {
    const source = scenario.source
    put(db, added, 'scenario_verdicts', {
      result: key,
      seq: i + 1,
      scenario: scenario.name,
      verdict: scenario.verdict,
      reason: scenario.reason,
      inject_key: source ? resultKey(source, 'inject') : null,
      inject_seq: source?.seq ?? null
    })
  })
  for (const scenario of payload.scenarios) {
    for (const slo of scenario.slos) row(scenario.name, slo)
    if (scenario.slos.length === 0)
      put(db, added, 'slo_results', {
        result: key,
        scenario: scenario.name,
        slo: 'scenario',
        verdict: scenario.verdict
      })
  }
  for (const slo of payload.overall) row(OVERALL, slo)
}

/** The scenario name of the run-wide verdicts in slo_results. */
export const OVERALL = '(all scenarios)'

/** The rows of the stages that have their own tables. */
const STAGE_ROWS: Partial<Record<string, typeof healRows>> = {
  heal: healRows,
  health: healthRows,
  audit: auditRows,
  inject: injectRows,
  validate: validateRows
}

function stageRows(db: Database, results: ResultsFile, key: number, added: Added): void {
  STAGE_ROWS[results.stage]?.(db, results, key, added)
}

/** Stages whose payload lands in its own tables; the others keep the whole payload as JSON until they do. */
const NORMALIZED = new Set(['health', 'heal', 'audit'])

/** An inject payload without the per-slice series and histograms: the rows hold the metrics. */
function trimmedInject(payload: InjectPayload): unknown {
  return {
    ...payload,
    scenarios: payload.scenarios.map(scenario => ({
      ...scenario,
      phases: Object.fromEntries(
        Object.entries(scenario.phases).map(([name, phase]) => {
          const copy: Partial<typeof phase> = { ...phase }
          delete copy.slices
          delete copy.hdr
          return [name, copy]
        })
      ),
      journal: {
        ...scenario.journal,
        http: scenario.journal.http && { ...scenario.journal.http, hit_list: [] }
      }
    }))
  }
}

/** The payload text stored with the stage: '{}' when its rows already hold it (a history stays small). */
function keptPayload(results: ResultsFile): string {
  if (results.stage === 'inject') return cappedJson(trimmedInject(results.payload as InjectPayload))
  return NORMALIZED.has(results.stage) ? '{}' : cappedJson(results.payload)
}

/** The id of the run with `key`. */
export function runId(db: Database, key: string): number {
  return Number(firstValue(db, 'SELECT id FROM chaos_runs WHERE run_key = ?', [key]))
}

/** The id of a stage row, by its natural key. */
export function stageId(db: Database, run: number, step: string, stage: string): number {
  return Number(
    firstValue(db, 'SELECT id FROM stage_results WHERE run = ? AND step = ? AND stage = ?', [
      run,
      step,
      stage
    ])
  )
}

/** Imports one validated results file in one transaction; returns the rows added per table. */
export function recordResults(db: Database, results: ResultsFile): Added {
  const added: Added = {}
  const run = results.run
  inTransaction(db, () => {
    put(db, added, 'chaos_runs', {
      run_key: runKey(run),
      source: 'chaos-ci',
      repo: run.repo,
      run_id: run.run_id,
      run_attempt: run.run_attempt,
      job: run.job,
      sha: run.sha,
      ref: run.ref,
      event: run.event,
      started_at: run.started_at,
      finished_at: run.finished_at
    })
    const id = runId(db, runKey(run))
    const started = Date.parse(run.started_at)
    const finished = Date.parse(run.finished_at)
    const stage = insert(db, 'stage_results', {
      run: id,
      step: run.step ?? '',
      stage: results.stage,
      status: results.status,
      status_reason: results.status_reason,
      started_at: run.started_at,
      finished_at: run.finished_at,
      duration_ms: Number.isFinite(finished - started) ? finished - started : null,
      tool_version: results.tool_version,
      payload: keptPayload(results)
    })
    add(added, 'stage_results', stage)
    if (stage > 0)
      stageRows(db, results, stageId(db, id, capText(run.step ?? ''), results.stage), added)
    settleRuns(db, id, run)
  })
  return added
}
