/**
 * The CLI's last-resort rollback (issue #18), its counterpart of the action's post step: where the
 * state file is, running what a killed run left there (every `inject`, `demo` and `rollback` does
 * that first), and the registry of a new run, whose undos are saved there as they are registered.
 */
import path from 'node:path'

import { UserError } from '../core/errors.js'
import { runLeftovers } from '../core/experiment/leftovers.js'
import { type PersistedUndo, Rollback, type UndoReport } from '../core/experiment/rollback.js'
import {
  ownerNow,
  readState,
  removeState,
  StateFile,
  type StateOwner
} from '../core/experiment/state-file.js'

export const STATE_FILE_ENV = 'CHAOS_CI_STATE_FILE'
/** Per project (the working directory), so runs in two projects never share one. */
export const DEFAULT_STATE_FILE = path.join('.chaos-ci', 'rollback-state.json')

/** `--state-file`, else $CHAOS_CI_STATE_FILE, else .chaos-ci/rollback-state.json, from `cwd`. */
export function stateFilePath(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd()
): string {
  return path.resolve(cwd, flag || env[STATE_FILE_ENV] || DEFAULT_STATE_FILE)
}

export interface LeftoverOutcome {
  file: string
  /** The killed run that left undos, or null. */
  leftBy: StateOwner | null
  reports: UndoReport[]
  /** Undos that failed; they stay in the file for the next try. */
  failed: number
}

/** Runs, newest first, the undos a killed run left in `file`, logging what each found and did. */
export async function runLeftUndos(
  file: string,
  command: string,
  log: (line: string) => void
): Promise<LeftoverOutcome> {
  const found = readState(file)
  if (found.kind === 'live')
    throw new UserError(
      `${file} belongs to a chaos-ci ${found.owner.command} that is still running (pid ${found.owner.pid}, since ${found.owner.startedAt}).`,
      'Wait for it to end, or stop it with Ctrl-C (it rolls its faults back). Two runs at once need a --state-file each.'
    )
  if (found.kind === 'unreadable')
    throw new UserError(
      `the rollback state file ${file} cannot be read (${found.problem}).`,
      'Look at it, undo by hand what it lists, then delete it.'
    )
  const nothing = { file, leftBy: null, reports: [], failed: 0 }
  if (found.kind === 'none') return nothing
  if (found.problem) log(`${file}: ${found.problem}`)
  if (found.pending.length === 0) {
    removeState(file)
    return nothing
  }
  const { owner, pending } = found
  log(
    `a killed chaos-ci ${owner.command} (pid ${owner.pid}, started ${owner.startedAt}) left ${pending.length} undo(s) in ${file}:`
  )
  // this run owns them now: if it is killed too, the next one finds them still there
  const state = new StateFile(file, ownerNow(command))
  state.save(pending)
  const reports = await runLeftovers(pending, { env: process.env, log: line => log(`  ${line}`) })
  for (const report of reports)
    log(report.ok ? `  ${report.detail}` : `  FAILED: ${report.name}: ${report.error}`)
  // reports run newest first
  const failed: PersistedUndo[] = [...pending].reverse().filter((_, i) => !reports[i]!.ok)
  if (failed.length === 0) state.release()
  else state.save(failed.reverse())
  return { file, leftBy: owner, reports, failed: failed.length }
}

/** A run's registry, saved to its state file; `release` once every undo has run. */
export interface RunState {
  rollback: Rollback
  release(): void
}

/** What `inject` and `demo` do first: run what a killed run left; refuse to go on if an undo failed. */
export async function undoLeftoversFirst(
  file: string,
  command: string,
  log: (line: string) => void
): Promise<void> {
  const outcome = await runLeftUndos(file, command, log)
  if (outcome.failed > 0)
    throw new UserError(
      `${outcome.failed} undo(s) left by a killed run failed; they stay in ${file}.`,
      'Fix what the lines above say, then run chaos-ci rollback (or delete the file once you have undone them by hand).'
    )
}

/** Undoes what a killed run left, then claims the state file for this run: its registry. */
export async function openRunState(
  file: string,
  command: string,
  log: (line: string) => void
): Promise<RunState> {
  await undoLeftoversFirst(file, command, log)
  const state = new StateFile(file, ownerNow(command))
  state.save([])
  return { rollback: new Rollback(pending => state.save(pending)), release: () => state.release() }
}
