/**
 * The CLI's exit codes, one meaning each, so a script or CI can tell "the service failed its SLOs"
 * from "the input was wrong" and from "chaos-ci itself broke" (as k6 keeps 99 for failed thresholds).
 * Documented in the README ("Exit codes") and docs/outputs.md; tests/e2e/cli-exit-codes.test.ts
 * checks each through the bundled CLI.
 */
import { UserError } from './errors.js'
import type { InjectPayload } from './experiment/payload.js'
import type { ValidatePayload } from './validate/payload.js'

export const EXIT = {
  /** Passed (warnings and flaky passes included, unless a fail-on flag says otherwise). */
  ok: 0,
  /** What was checked failed for another reason: a command, an audit, a health wait, a check, no evidence. */
  failed: 1,
  /** Bad input: an unknown option, a bad value or a bad file; the message names it and the fix. */
  usage: 2,
  /** chaos-ci itself failed (a bug, or an error it did not expect); nothing is said of the service. */
  internal: 70,
  /** The service failed its SLOs: a blocking SLO, or a scenario it did not recover from. */
  slo: 99
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** The code for an error that ended a command: bad input, or chaos-ci's own failure. */
export function exitForError(error: unknown): ExitCode {
  return error instanceof UserError ? EXIT.usage : EXIT.internal
}

/** validate's code when it did not pass: 99 when an SLO failed, else 1 (invalid scenarios, no data). */
export function validateExit(payload: ValidatePayload): ExitCode {
  if (payload.passed) return EXIT.ok
  const regressions = payload.policy.fail_on_regression ? payload.summary.regressions : 0
  return payload.summary.failed_slos > 0 || regressions > 0 ? EXIT.slo : EXIT.failed
}

/**
 * inject's code when its step did not pass: 99 when the service did not recover, 70 when chaos-ci
 * errored (a rollback failed, the engine threw), else 1 (invalid, aborted, not healthy before).
 */
export function injectExit(payload: InjectPayload): ExitCode {
  const has = (...statuses: string[]): boolean =>
    payload.scenarios.some(s => statuses.includes(s.status))
  if (has('failed')) return EXIT.slo
  if (has('error')) return EXIT.internal
  return EXIT.failed
}
