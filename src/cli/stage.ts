/**
 * A stage run from the CLI ends the way it ends in an action: in one results file, its status set
 * there once. With --results-dir the file is written; with --format json the same envelope is
 * printed, byte for byte what the file holds, so a script reads `.status` and `.payload` from
 * stdout exactly as `record` and `validate` read them from the file.
 */
import { serializeResults } from '../core/results/codec.js'
import { stageResultsFile, writeResults } from '../core/results/files.js'
import type { ResultsFile, Stage } from '../core/results/schema.js'
import type { StageStatus } from '../core/results/status.js'
import type { CliIO, OutputFormat } from './output.js'

export interface CliStage<P> {
  stage: Stage
  status: StageStatus
  payload: P
  startedAt: Date
  /** Where to write the results file; absent: nowhere. */
  dir?: string
}

/** Builds the stage's results file, writes it when asked, prints it for --format json. */
export async function emitStage<P>(
  io: CliIO,
  format: OutputFormat,
  stage: CliStage<P>
): Promise<ResultsFile<P>> {
  const results = stageResultsFile({ ...stage, env: process.env })
  if (stage.dir) io.err(`results: ${await writeResults(stage.dir, 'local', results)}`)
  if (format === 'json') io.out(serializeResults(results).trimEnd())
  return results
}
