/** Writes this step's results file, with the run block read from the runner's environment. */
import { writeStageResults } from '../core/results/files.js'
import type { Stage } from '../core/results/schema.js'
import type { StageStatus } from '../core/results/status.js'

/** The file id: job and step on a runner, so steps and jobs never collide; `local` otherwise. */
export function resultsId(env: NodeJS.ProcessEnv = process.env): string {
  return [env.GITHUB_JOB, env.GITHUB_ACTION].filter(Boolean).join('-') || 'local'
}

/** Writes `<dir>/<stage>-<id>.json` for this step and returns its path. */
export async function writeStepResults<P>(
  dir: string,
  stage: Stage,
  status: StageStatus,
  payload: P,
  startedAt: Date
): Promise<string> {
  return writeStageResults({
    dir,
    id: resultsId(),
    stage,
    status,
    payload,
    startedAt,
    env: process.env
  })
}
