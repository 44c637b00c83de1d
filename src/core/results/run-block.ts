/** Builds the `run` block of a results file from the runner's environment variables. */
import type { RunBlock } from './schema.js'

/** The environment variables the run block reads; pass `process.env`. */
export type RunEnv = Readonly<Record<string, string | undefined>>

function valueOrNull(value: string | undefined): string | null {
  return value && value.trim() !== '' ? value : null
}

/** The run block for a step that started at `startedAt` and finished at `finishedAt`. */
export function runBlockFrom(env: RunEnv, startedAt: Date, finishedAt: Date): RunBlock {
  const attempt = Number(env.GITHUB_RUN_ATTEMPT)
  return {
    repo: valueOrNull(env.GITHUB_REPOSITORY),
    run_id:
      valueOrNull(env.GITHUB_RUN_ID) ??
      valueOrNull(env.CHAOS_CI_RUN_ID) ??
      `local-${startedAt.getTime()}`,
    run_attempt: Number.isInteger(attempt) && attempt > 0 ? attempt : 1,
    job: valueOrNull(env.GITHUB_JOB),
    step: valueOrNull(env.GITHUB_ACTION),
    sha: valueOrNull(env.GITHUB_SHA),
    ref: valueOrNull(env.GITHUB_REF),
    event: valueOrNull(env.GITHUB_EVENT_NAME),
    started_at: startedAt.toISOString(),
    finished_at: finishedAt.toISOString()
  }
}
