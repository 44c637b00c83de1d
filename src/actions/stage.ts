/**
 * One stage of a recipe as both its own action and the root pipeline run it: the work, its results
 * file and its job summary, returning the verdict instead of acting on it. The action then sets its
 * outputs and fails or warns by its own inputs; the pipeline collects the verdicts.
 */
import type { StageStatus } from '../core/results/status.js'
import type { OutputValue } from '../github/outputs.js'

export interface StageOutcome {
  /** The status the stage set in its results file (none for stages that write no file). */
  status?: StageStatus
  /** Whether the step passes: its status under the stage's policies (stepPasses). */
  ok: boolean
  /** One line for the log, e.g. `healthy after 3 probe(s)`. */
  verdict: string
  /** The action's outputs, by output name. */
  outputs: Record<string, OutputValue>
}
