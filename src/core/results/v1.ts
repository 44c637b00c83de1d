/**
 * The reader of `chaos-ci/results/v1` files: maps one to v2 so that old artifacts and histories keep
 * working (docs/results-schema.md#reading-v1-files). v1 had no status in the envelope; this is the
 * one place where a status is worked out from a payload — the rules each consumer used for v1 files,
 * once. The payload may be a fork's: nothing here throws on a bad shape, and what cannot be read is
 * `failed`, never a pass.
 */
import { RESULTS_SCHEMA, type ResultsFile, type Stage } from './schema.js'
import {
  INJECT_STATUSES,
  RESULT_STATUSES,
  type StageStatus,
  stageStatus,
  VALIDATE_STATUSES
} from './status.js'

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const at = (value: unknown, key: string): unknown => (isObject(value) ? value[key] : undefined)
const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null)
const oneOf = <T extends string>(value: unknown, set: readonly T[]): T | null =>
  set.includes(value as T) ? (value as T) : null

/** What a v1 payload does not say: never a pass. */
const unreadable = (stage: string): StageStatus =>
  stageStatus('failed', `a v1 ${stage} results file whose payload does not say how it ended`)

function healthStatus(p: unknown): StageStatus {
  const healthy = at(p, 'healthy')
  if (typeof healthy !== 'boolean') return unreadable('health')
  return healthy ? stageStatus('passed') : stageStatus('failed', 'the service was not healthy')
}

/** v1 judged the audit as record did: a missing dependency fails it, any other finding warns. */
function auditStatus(p: unknown): StageStatus {
  const missing = num(at(at(p, 'counts'), 'missing')) ?? 0
  const findings = at(p, 'findings')
  if (!Array.isArray(findings)) return unreadable('audit')
  if (missing > 0) return stageStatus('failed', `${missing} missing dependency(ies)`)
  return findings.length > 0
    ? stageStatus('warned', `${findings.length} finding(s)`)
    : stageStatus('passed')
}

function healStatus(p: unknown): StageStatus {
  const outcome = at(p, 'outcome')
  if (outcome === 'passed') return stageStatus('passed')
  if (outcome === 'flaky-pass') return stageStatus('warned', 'passed only after a retry (healed)')
  return outcome === 'failed' ? stageStatus('failed', 'the command failed') : unreadable('heal')
}

/** The status inject set (from v1.1 on), or, in files from before it, by the counts. */
function injectStatus(p: unknown): StageStatus {
  if (at(p, 'dry_run') === true) return stageStatus('planned')
  const summary = at(p, 'summary')
  const set = oneOf(at(summary, 'status'), INJECT_STATUSES)
  if (set) return stageStatus(set, text(at(summary, 'status_reason')))
  const failed = num(at(summary, 'failed'))
  const invalid = num(at(summary, 'invalid'))
  if (at(summary, 'status') !== undefined || failed === null || invalid === null)
    return unreadable('inject')
  return failed + invalid > 0
    ? stageStatus('failed', `${failed} scenario(s) failed${invalid ? `, ${invalid} invalid` : ''}`)
    : stageStatus('passed')
}

/** The status validate set (from v1.1 on), or, in files from before it, by its flag and counts. */
function validateStatus(p: unknown): StageStatus {
  const set = oneOf(at(p, 'status'), VALIDATE_STATUSES)
  if (set) return stageStatus(set, text(at(p, 'status_reason')))
  const passed = at(p, 'passed')
  const warned = num(at(at(p, 'summary'), 'warned_slos'))
  const regressions = num(at(at(p, 'summary'), 'regressions'))
  if (at(p, 'status') !== undefined || typeof passed !== 'boolean') return unreadable('validate')
  if (!passed) return stageStatus('failed', 'a blocking SLO failed')
  return warned || regressions
    ? stageStatus('warned', `${warned ?? 0} SLO check(s) warned, ${regressions ?? 0} regression(s)`)
    : stageStatus('passed')
}

/** Stages no chaos-ci writes a file for: their own status or passed flag, as record read them. */
function otherStatus(stage: string, p: unknown): StageStatus {
  const set = oneOf(at(p, 'status'), RESULT_STATUSES)
  if (set) return stageStatus(set)
  const passed = at(p, 'passed')
  return typeof passed === 'boolean' ? stageStatus(passed ? 'passed' : 'failed') : unreadable(stage)
}

/** The v2 status of a v1 file, from its payload. */
export function v1Status(stage: Stage, payload: unknown): StageStatus {
  switch (stage) {
    case 'health':
      return healthStatus(payload)
    case 'audit':
      return auditStatus(payload)
    case 'heal':
      return healStatus(payload)
    case 'inject':
      return injectStatus(payload)
    case 'validate':
      return validateStatus(payload)
    default:
      return otherStatus(stage, payload)
  }
}

const snake = (key: string): string => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()

/** Every key of `value`, at any depth, in snake_case (for the v1 parts written in camelCase). */
function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys)
  if (!isObject(value)) return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), snakeKeys(v)]))
}

/** `value` without the named keys (an object, else as it is). */
function without(value: unknown, ...keys: string[]): unknown {
  if (!isObject(value)) return value
  const copy = { ...value }
  for (const key of keys) delete copy[key]
  return copy
}

/**
 * A v1 inject payload in v2's names: `timing`, `safety`, each scenario's fault `details` and
 * `journal.proxy` were camelCase in v1; the status moved to the envelope.
 */
function injectPayload(p: unknown): unknown {
  if (!isObject(p)) return p
  const scenario = (s: unknown): unknown =>
    isObject(s)
      ? {
          ...s,
          ...('details' in s ? { details: snakeKeys(s.details) } : {}),
          ...(isObject(s.journal)
            ? {
                journal: {
                  ...s.journal,
                  ...('proxy' in s.journal ? { proxy: snakeKeys(s.journal.proxy) } : {})
                }
              }
            : {})
        }
      : s
  return {
    ...p,
    ...('timing' in p ? { timing: snakeKeys(p.timing) } : {}),
    ...('safety' in p ? { safety: snakeKeys(p.safety) } : {}),
    ...(Array.isArray(p.scenarios) ? { scenarios: p.scenarios.map(scenario) } : {}),
    ...('summary' in p ? { summary: without(p.summary, 'status', 'status_reason') } : {})
  }
}

/** A v1 payload in v2's names. */
function v2Payload(stage: Stage, payload: unknown): unknown {
  if (stage === 'inject') return injectPayload(payload)
  if (stage === 'validate') return without(payload, 'status', 'status_reason')
  return payload
}

/**
 * A v1 results file as v2: the status from its payload ({@link v1Status}), the payload renamed.
 * `data` has passed the envelope checks (stage, run, payload).
 */
export function fromV1(data: Json & { stage: Stage; payload: unknown }): ResultsFile {
  const { status, status_reason } = v1Status(data.stage, data.payload)
  return {
    schema: RESULTS_SCHEMA,
    stage: data.stage,
    status,
    status_reason,
    tool_version: typeof data.tool_version === 'string' ? data.tool_version : 'unknown',
    run: data.run as ResultsFile['run'],
    payload: v2Payload(data.stage, data.payload)
  }
}
