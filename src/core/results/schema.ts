/**
 * The results file: the contract between steps, jobs and the history database (docs/results-schema.md).
 * Every stage writes one `chaos-results/<stage>-<id>.json` with this envelope and its own payload.
 */

import type { ResultStatus } from './status.js'

/** The schema identifier this version of chaos-ci writes. */
export const RESULTS_SCHEMA = 'chaos-ci/results/v2'
/** The schema version number inside {@link RESULTS_SCHEMA}. */
export const RESULTS_VERSION = 2
/** The first schema, still read: ./v1.ts maps its files to v2. */
export const RESULTS_SCHEMA_V1 = 'chaos-ci/results/v1'

/** Every stage that writes a results file. */
export const STAGES = [
  'health',
  'audit',
  'heal',
  'inject',
  'validate',
  'record',
  'report',
  'comment',
  'check'
] as const
export type Stage = (typeof STAGES)[number]

/** Where and when a results file was produced. Values GitHub does not provide locally are null. */
export interface RunBlock {
  /** `owner/name`, or null outside GitHub Actions. */
  repo: string | null
  /** `GITHUB_RUN_ID`, or `local-<epoch ms>` for a local CLI run. */
  run_id: string
  run_attempt: number
  job: string | null
  /** The step's id (`GITHUB_ACTION`); tells two steps of one stage apart in one job. */
  step: string | null
  sha: string | null
  ref: string | null
  event: string | null
  /** ISO-8601 UTC. */
  started_at: string
  /** ISO-8601 UTC. */
  finished_at: string
}

/** The envelope around each stage's payload. */
export interface ResultsFile<P = unknown> {
  schema: typeof RESULTS_SCHEMA
  stage: Stage
  /** Set once by the stage that wrote the file, from its closed set (./status.ts); read by all. */
  status: ResultStatus
  /** Why, in words, for every status but passed (and planned); null when there is nothing to say. */
  status_reason: string | null
  /** The chaos-ci version that wrote the file. */
  tool_version: string
  run: RunBlock
  payload: P
}
