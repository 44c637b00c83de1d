/** Natural keys: the same results file always maps to the same rows, so importing twice adds nothing. */
import type { RunBlock } from '../results/schema.js'

/** One run of one job: repo, run id, attempt and job. */
export function runKey(run: Pick<RunBlock, 'repo' | 'run_id' | 'run_attempt' | 'job'>): string {
  return [run.repo ?? '', run.run_id, run.run_attempt, run.job ?? ''].join('|')
}

/** One stage of one step in that run. */
export function resultKey(
  run: Pick<RunBlock, 'repo' | 'run_id' | 'run_attempt' | 'job' | 'step'>,
  stage: string
): string {
  return [runKey(run), run.step ?? '', stage].join('|')
}
