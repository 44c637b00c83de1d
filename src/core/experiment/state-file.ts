/**
 * The CLI's rollback state file: the undos still pending, saved as data each time one is registered
 * or run (the same list the action saves to its step state), so that the next `chaos-ci inject`,
 * `demo` or `rollback` can run what a killed run left (issue #18). One run owns the file at a time,
 * named by its PID and that PID's start time; it is written atomically (a temp file, then rename)
 * and removed once its owner has run all its undos.
 */
import { mkdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

import { identify, type ProcessIdentity, whoIs } from '../exec/process-tree.js'
import { checkPending } from './leftovers.js'
import type { PersistedUndo } from './rollback.js'

export const STATE_SCHEMA = 'chaos-ci/rollback-state/v1'

/** The run that wrote the file. */
export interface StateOwner extends ProcessIdentity {
  pid: number
  /** `inject`, `demo` or `rollback`. */
  command: string
  startedAt: string
}

export interface RollbackState {
  schema: typeof STATE_SCHEMA
  owner: StateOwner
  pending: PersistedUndo[]
}

/** What a state file holds: nothing, a live run's undos, or what a dead run left. */
export type FoundState =
  | { kind: 'none' }
  | { kind: 'live'; owner: StateOwner }
  | { kind: 'left'; owner: StateOwner; pending: PersistedUndo[]; problem: string | null }
  | { kind: 'unreadable'; problem: string }

/** This process as the owner of a state file. */
export function ownerNow(command: string, now = new Date()): StateOwner {
  return { pid: process.pid, ...identify(process.pid), command, startedAt: now.toISOString() }
}

/** Reads a state file; never throws. */
export function readState(file: string): FoundState {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' }
    return { kind: 'unreadable', problem: (error as Error).message }
  }
  try {
    const state = JSON.parse(text) as RollbackState
    if (state?.schema !== STATE_SCHEMA || typeof state.owner?.pid !== 'number')
      throw new Error(`not a ${STATE_SCHEMA} file`)
    if (whoIs(state.owner.pid, state.owner) === 'same') return { kind: 'live', owner: state.owner }
    return { kind: 'left', owner: state.owner, ...checkPending(state.pending) }
  } catch (error) {
    return { kind: 'unreadable', problem: (error as Error).message }
  }
}

/** Replaces the file atomically, so that a kill at any moment leaves the old list or the new. */
export function writeState(file: string, state: RollbackState): void {
  mkdirSync(path.dirname(file), { recursive: true })
  const temp = `${file}.${process.pid}.tmp`
  // no fsync: the kernel keeps the page through a SIGKILL of this process, which is what this is for
  writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 })
  renameSync(temp, file)
}

/** Removes the file, and its folder if that is left empty. */
export function removeState(file: string): void {
  rmSync(file, { force: true })
  try {
    rmdirSync(path.dirname(file))
  } catch {
    // not empty (e.g. .chaos-ci/audit.yml), or not ours to remove
  }
}

/** The state file of one run: saved on every change to its pending undos, removed at the end. */
export class StateFile {
  private last = ''

  constructor(
    readonly file: string,
    private readonly owner: StateOwner
  ) {}

  /** Saves the undos still pending (a no-op when they did not change). */
  save(pending: PersistedUndo[]): void {
    const text = JSON.stringify(pending)
    if (text === this.last) return
    writeState(this.file, { schema: STATE_SCHEMA, owner: this.owner, pending })
    this.last = text
  }

  /** Every undo ran: nothing is left to save. */
  release(): void {
    removeState(this.file)
    this.last = ''
  }
}
