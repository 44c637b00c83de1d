/**
 * The one status vocabulary of chaos-ci's results files (docs/results-schema.md#status). Each stage
 * sets its file's `status` once, in the envelope; every consumer (record, comment, report, the
 * pipeline, the CLI) reads it and never works it out again from the payload. A leaf module: nothing
 * here imports a stage.
 */

/**
 * Every status a results file can carry:
 * - `passed`: what the stage checks held;
 * - `warned`: it held, with something to look at (audit findings not in fail-on, a flaky pass the
 *   healer healed, an SLO warning or a regression against history);
 * - `failed`: it did not hold;
 * - `nothing-ran`: inject ran no scenario's fault (all skipped or not supported) — never a pass;
 * - `insufficient-data`: validate could evaluate no SLO at all — never a pass;
 * - `planned`: inject's dry run: a plan, nothing touched;
 * - `skipped`: a stage the pipeline did not run (its summary row; no stage writes it to a file today).
 */
export const RESULT_STATUSES = [
  'passed',
  'warned',
  'failed',
  'nothing-ran',
  'insufficient-data',
  'planned',
  'skipped'
] as const
export type ResultStatus = (typeof RESULT_STATUSES)[number]

/** What a stage sets in its envelope: the status and, for anything but passed, why in words. */
export interface StageStatus {
  status: ResultStatus
  /** Why, for every status but `passed` and `planned`; null when there is nothing to say. */
  status_reason: string | null
}

/** health: every endpoint became healthy, or not. */
export const HEALTH_STATUSES = ['passed', 'failed'] as const
/** audit: a finding of a fail-on rule fails it; any other finding warns. */
export const AUDIT_STATUSES = ['passed', 'warned', 'failed'] as const
/** heal: passed on the first attempt, warned for a flaky pass (healed), failed. */
export const HEAL_STATUSES = ['passed', 'warned', 'failed'] as const
/**
 * inject: `planned` for a dry run, `nothing-ran` when no scenario's fault ran (all skipped or not
 * supported), `failed` when any scenario failed or was invalid, else `passed`.
 */
export const INJECT_STATUSES = ['passed', 'failed', 'nothing-ran', 'planned'] as const
export type InjectStatus = (typeof INJECT_STATUSES)[number]

/**
 * validate: `failed` on a blocking failure (or an invalid scenario under invalid-policy fail, or a
 * regression under fail-on-regression); `insufficient-data` when no SLO could be evaluated at all;
 * `warned` when a warning threshold was crossed or a value regressed against history; else `passed`.
 */
export const VALIDATE_STATUSES = ['passed', 'warned', 'failed', 'insufficient-data'] as const
export type ValidateStatus = (typeof VALIDATE_STATUSES)[number]

/** The statuses each stage may write; a file with another is refused (./codec.ts). */
export const STAGE_STATUSES: Readonly<Record<string, readonly ResultStatus[]>> = {
  health: HEALTH_STATUSES,
  audit: AUDIT_STATUSES,
  heal: HEAL_STATUSES,
  inject: INJECT_STATUSES,
  validate: VALIDATE_STATUSES
}

/** The statuses of a stage that had nothing to judge: never a pass. */
export const EMPTY_STATUSES: readonly ResultStatus[] = ['nothing-ran', 'insufficient-data']

/**
 * What a stage that had nothing to judge does with its step. A run in which no scenario executed
 * (`nothing-ran`) or a validation that evaluated no SLO (`insufficient-data`) is never a pass: by
 * default it fails the step; `warn` keeps the step green with a warning that says why.
 */
export const EMPTY_POLICIES = ['fail', 'warn'] as const
export type EmptyPolicy = (typeof EMPTY_POLICIES)[number]

/** The policies that turn a status into a step's pass or fail. */
export interface StepPolicy {
  /** nothing-ran / insufficient-data: fail the step (default) or warn. */
  onEmpty?: EmptyPolicy
  /** warned fails the step (heal's fail-on-flaky). */
  failOnWarn?: boolean
}

/** Whether a step with this status passes under its policies: the one rule every writer uses. */
export function stepPasses(status: ResultStatus, policy: StepPolicy = {}): boolean {
  if (status === 'passed' || status === 'planned' || status === 'skipped') return true
  if (status === 'warned') return policy.failOnWarn !== true
  if (EMPTY_STATUSES.includes(status)) return policy.onEmpty === 'warn'
  return false
}

/** A status with its reason, or null for a reason when there is none. */
export function stageStatus(status: ResultStatus, reason: string | null = null): StageStatus {
  return { status, status_reason: reason }
}
