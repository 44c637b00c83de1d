/** Results files for tests, written as the actions write them. */
import path from 'node:path'

import { writeStageResults } from '../../src/core/results/files.js'
import type { Stage } from '../../src/core/results/schema.js'
import type { StageStatus } from '../../src/core/results/status.js'
import { statusFor } from './status.js'

/**
 * Writes a results file for `stage` in `dir` with the given run variables; returns its path. Its
 * status is `status`, or by default the one the v1 reader derives from the payload.
 */
export function resultsFile(
  dir: string,
  stage: Stage,
  payload: unknown,
  env: Record<string, string> = {},
  id = 'job-step',
  status: StageStatus = statusFor(stage, payload)
): Promise<string> {
  return writeStageResults({
    dir: path.resolve(dir),
    id,
    stage,
    status,
    payload,
    startedAt: new Date('2026-11-01T10:00:00Z'),
    env: {
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_RUN_ID: '100',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_JOB: 'chaos',
      GITHUB_ACTION: 'step1',
      ...env
    }
  })
}

/** A health payload as the health action writes it (one probe, healthy, no endpoint detail). */
export const HEALTH_PAYLOAD = {
  healthy: true,
  cancelled: false,
  attempts: 1,
  elapsed_ms: 5,
  required_successes: 1,
  expected_status: '200-299',
  body_condition: null,
  timeout_ms: 1000,
  endpoints: []
}
