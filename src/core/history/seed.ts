/**
 * The seed's JSON shapes, so teams migrating from it can load their old files: its injector output
 * (`total_scenarios`, `results[]`) and its healer report (`total_attempts`, `attempts[]`). They are
 * recorded as they were written — the seed's `success` flags included — with source `seed`.
 */
import type { Database } from 'sql.js'

import { runKey } from './keys.js'
import { type Added, put, runId, stageId } from './record.js'
import { inTransaction } from './statements.js'

interface SeedScenario {
  scenario_name?: string
  scenario_type?: string
  intensity?: string
  duration?: number
  start_time?: string
  end_time?: string
  elapsed_time?: number
  success?: boolean
  error_message?: string | null
  metrics?: { service_available?: boolean; health_check_latency_ms?: number }
}

export interface SeedInjectorReport {
  timestamp: string
  target_url?: string
  total_scenarios: number
  results: SeedScenario[]
}

export interface SeedHealerReport {
  timestamp: string
  total_attempts: number
  attempts: Array<{
    type?: string
    success?: boolean
    module?: string
    error?: string
    timestamp?: string
  }>
}

export function isSeedInjector(data: unknown): data is SeedInjectorReport {
  return (
    typeof data === 'object' &&
    data !== null &&
    'total_scenarios' in data &&
    Array.isArray((data as SeedInjectorReport).results)
  )
}

export function isSeedHealer(data: unknown): data is SeedHealerReport {
  return (
    typeof data === 'object' &&
    data !== null &&
    'total_attempts' in data &&
    Array.isArray((data as SeedHealerReport).attempts)
  )
}

function transaction(db: Database, body: (added: Added) => void): Added {
  const added: Added = {}
  inTransaction(db, () => body(added))
  return added
}

function seedRun(db: Database, added: Added, job: string, timestamp: string): number {
  const run = { repo: null, run_id: `seed-${timestamp}`, run_attempt: 1, job }
  put(db, added, 'chaos_runs', {
    run_key: runKey(run),
    source: 'seed',
    run_id: run.run_id,
    run_attempt: 1,
    job,
    started_at: timestamp,
    finished_at: timestamp
  })
  return runId(db, runKey(run))
}

/** The run and stage rows of one seed report; returns the stage's id. */
function seedStage(
  db: Database,
  added: Added,
  stage: 'inject' | 'heal',
  status: string,
  timestamp: string
): number {
  const run = seedRun(db, added, stage === 'inject' ? 'seed-injector' : 'seed-healer', timestamp)
  put(db, added, 'stage_results', {
    run,
    step: '',
    stage,
    status,
    started_at: timestamp,
    payload: '{}'
  })
  return stageId(db, run, '', stage)
}

/** Imports the seed injector's output. */
export function recordSeedInjector(db: Database, report: SeedInjectorReport): Added {
  return transaction(db, added => {
    const failed = report.results.some(r => !r.success)
    const key = seedStage(db, added, 'inject', failed ? 'failed' : 'passed', report.timestamp)
    report.results.forEach((scenario, i) => {
      const seq = i + 1
      const started = scenario.start_time ?? report.timestamp
      put(db, added, 'scenario_results', {
        result: key,
        seq,
        scenario: scenario.scenario_name ?? `scenario ${seq}`,
        type: scenario.scenario_type,
        intensity: scenario.intensity,
        status: scenario.success ? 'passed' : 'failed',
        started_at: started,
        duration_ms: Math.round((scenario.elapsed_time ?? scenario.duration ?? 0) * 1000),
        error: scenario.error_message ?? null
      })
      if (scenario.metrics) {
        const available = scenario.metrics.service_available
        put(db, added, 'scenario_metrics', {
          result: key,
          seq,
          phase: 'after',
          samples: 1,
          availability_percent: available === undefined ? null : available ? 100 : 0,
          p50_ms: scenario.metrics.health_check_latency_ms ?? null
        })
      }
      if (!scenario.success)
        put(db, added, 'chaos_failures', {
          result: key,
          seq,
          stage: 'inject',
          category: 'injection',
          message: scenario.error_message ?? 'scenario failed',
          occurred_at: started
        })
    })
  })
}

/** Imports the seed healer's report. */
export function recordSeedHealer(db: Database, report: SeedHealerReport): Added {
  return transaction(db, added => {
    const healed = report.attempts.some(a => a.success)
    const key = seedStage(db, added, 'heal', healed ? 'warned' : 'failed', report.timestamp)
    report.attempts.forEach((attempt, i) => {
      const at = attempt.timestamp ?? report.timestamp
      put(db, added, 'healing_attempts', {
        result: key,
        attempt: i + 1,
        category: attempt.type ?? 'unknown',
        strategy: attempt.type ?? null,
        strategy_outcome: attempt.success ? 'done' : 'failed',
        healed: !!attempt.success,
        started_at: at
      })
      if (attempt.type === 'dependency' && attempt.module) {
        put(db, added, 'dependency_changes', {
          result: key,
          seq: i + 1,
          action: attempt.success ? 'installed' : 'install-failed',
          ecosystem: 'python',
          name: attempt.module,
          changed_at: at,
          reason: attempt.error ?? 'seed sentinel --fix --install'
        })
      }
    })
  })
}
