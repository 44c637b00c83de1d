/**
 * The last resort, for the `post:` step: undos that the main step saved as data and did not get to
 * run (it was killed, or crashed). Commands are run again; a dependency proxy's port is checked to
 * be closed, and if the main process somehow still holds it, that process is ended.
 */
import { rm } from 'node:fs/promises'

import { isAlive, killTree } from '../exec/process-tree.js'
import { runCommand } from '../exec/run-command.js'
import { runRollbackCommand } from '../faults/command.js'
import { tryConnect } from '../proxy/listen.js'
import type { PersistedUndo, UndoReport } from './rollback.js'

/** Reads the saved list; anything unreadable is reported, never thrown. */
export function parsePending(text: string): { pending: PersistedUndo[]; problem: string | null } {
  if (text.trim() === '') return { pending: [], problem: null }
  try {
    const value: unknown = JSON.parse(text)
    if (!Array.isArray(value)) throw new Error('not a list')
    const pending = value.filter(
      (item): item is PersistedUndo =>
        typeof item === 'object' &&
        item !== null &&
        ['command', 'listener', 'signal', 'kill', 'remove', 'exec'].includes(
          (item as PersistedUndo).kind
        )
    )
    return { pending, problem: pending.length === value.length ? null : 'unknown entries skipped' }
  } catch (error) {
    return {
      pending: [],
      problem: `the saved rollback state is unreadable (${(error as Error).message})`
    }
  }
}

export interface LeftoverDeps {
  env: NodeJS.ProcessEnv
  /** The main step's PID, ended if it still holds a port. */
  mainPid?: number
  log: (line: string) => void
}

async function undo(item: PersistedUndo, deps: LeftoverDeps): Promise<void> {
  switch (item.kind) {
    case 'command':
      return runRollbackCommand(item.command, item.cwd, deps.env, text => deps.log(text.trimEnd()))
    case 'signal':
      // Resuming a process that is gone, or not stopped, is harmless.
      if (isAlive(item.pid)) process.kill(item.pid, item.signal)
      return
    case 'kill':
      if (isAlive(item.pid)) await killTree(item.pid, 2000)
      return
    case 'remove':
      await rm(item.path, { recursive: true, force: true })
      return
    case 'listener':
      return closedListener(item, deps)
    case 'exec': {
      const result = await runCommand({ argv: item.argv }, { env: deps.env, timeoutMs: 60_000 })
      if (result.exitCode !== 0)
        throw new Error(`${item.argv.join(' ')} exited ${result.exitCode}: ${result.stderr.trim()}`)
      return
    }
  }
}

async function closedListener(
  item: Extract<PersistedUndo, { kind: 'listener' }>,
  deps: LeftoverDeps
): Promise<void> {
  const address = { host: item.host, port: item.port }
  if ((await tryConnect(address)) === 'ECONNREFUSED') return
  if (deps.mainPid && isAlive(deps.mainPid)) {
    deps.log(
      `${item.name}: still listening and the main step (pid ${deps.mainPid}) is alive; ending it`
    )
    await killTree(deps.mainPid, 2000)
    if ((await tryConnect(address)) === 'ECONNREFUSED') return
  }
  throw new Error(
    `${item.host}:${item.port} still accepts connections, and not from chaos-ci's main step`
  )
}

/** Runs every saved undo, newest first; a failure does not stop the others. */
export async function runLeftovers(
  pending: PersistedUndo[],
  deps: LeftoverDeps
): Promise<UndoReport[]> {
  const reports: UndoReport[] = []
  for (const item of [...pending].reverse()) {
    const start = performance.now()
    try {
      await undo(item, deps)
      reports.push({ name: item.name, ok: true, ms: Math.round(performance.now() - start) })
    } catch (error) {
      reports.push({
        name: item.name,
        ok: false,
        error: (error as Error).message,
        ms: Math.round(performance.now() - start)
      })
    }
  }
  return reports
}
