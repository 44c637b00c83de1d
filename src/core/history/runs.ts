/**
 * A run's row (`chaos_runs`) spans its stages: it starts with the first stage's start and ends with
 * the last stage's end, whatever order the files were recorded (or databases merged) in. Min and max
 * commute, so recording one run's files in any order gives the same row.
 */
import type { Database } from 'sql.js'

import type { RunBlock } from '../results/schema.js'
import { runPrepared } from './statements.js'

/** Sets each run's start and end from its stages (one run by id, or all); fills in a missing sha/ref/event. */
export function settleRuns(
  db: Database,
  key?: number,
  run?: Pick<RunBlock, 'sha' | 'ref' | 'event'>
): void {
  const where = key === undefined ? '' : 'WHERE id = ?'
  runPrepared(
    db,
    `UPDATE chaos_runs SET
       started_at = MIN(started_at, COALESCE(
         (SELECT MIN(s.started_at) FROM stage_results s WHERE s.run = chaos_runs.id), started_at)),
       finished_at = NULLIF(MAX(COALESCE(finished_at, ''), COALESCE(
         (SELECT MAX(s.finished_at) FROM stage_results s WHERE s.run = chaos_runs.id), '')), ''),
       sha = COALESCE(sha, ?), ref = COALESCE(ref, ?), event = COALESCE(event, ?)
     ${where}`,
    [run?.sha ?? null, run?.ref ?? null, run?.event ?? null, ...(key === undefined ? [] : [key])]
  )
}
