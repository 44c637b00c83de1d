/**
 * The closed status sets that stages set once in their results and every consumer reads (record,
 * comment, report, the pipeline, the CLI), and what a stage that had nothing to judge does with its
 * step. A leaf module: nothing here imports a stage.
 */

/**
 * inject's status (`summary.status`): `planned` for a dry run, `nothing-ran` when no scenario's fault
 * ran (all skipped or not supported), `failed` when any scenario failed or was invalid, else `passed`.
 */
export const INJECT_STATUSES = ['passed', 'failed', 'nothing-ran', 'planned'] as const
export type InjectStatus = (typeof INJECT_STATUSES)[number]

/**
 * validate's status: `failed` on a blocking failure (or an invalid scenario under invalid-policy
 * fail, or a regression under fail-on-regression); `insufficient-data` when no SLO could be
 * evaluated at all; `warned` when a warning threshold was crossed or a value regressed against
 * history; else `passed`.
 */
export const VALIDATE_STATUSES = ['passed', 'warned', 'failed', 'insufficient-data'] as const
export type ValidateStatus = (typeof VALIDATE_STATUSES)[number]

/**
 * What a stage that had nothing to judge does with its step. A run in which no scenario executed
 * (`nothing-ran`) or a validation that evaluated no SLO (`insufficient-data`) is never a pass: by
 * default it fails the step; `warn` keeps the step green with a warning that says why.
 */
export const EMPTY_POLICIES = ['fail', 'warn'] as const
export type EmptyPolicy = (typeof EMPTY_POLICIES)[number]
