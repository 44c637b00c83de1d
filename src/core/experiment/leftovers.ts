/**
 * The last resort, for the `post:` step and the CLI's next run: undos that a killed (or crashed)
 * process saved as data and did not get to run. Commands are run again; a paused process is resumed
 * and a worker ended only if its PID still names the process that was recorded (a recycled PID is
 * left alone); a dependency proxy's port is checked to be closed, and if the main process somehow
 * still holds it, that process is ended. Each undo says what it found and did.
 */
import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'

import { isAlive, killTree, whoIs } from '../exec/process-tree.js'
import { runCommand } from '../exec/run-command.js'
import { runRollbackCommand } from '../faults/command.js'
import { processState } from '../process/find.js'
import { tryConnect } from '../proxy/listen.js'
import type { PersistedUndo, UndoReport } from './rollback.js'

const KINDS = ['command', 'listener', 'signal', 'kill', 'remove', 'exec']

/** Reads the saved list; anything unreadable is reported, never thrown. */
export function parsePending(text: string): { pending: PersistedUndo[]; problem: string | null } {
  if (text.trim() === '') return { pending: [], problem: null }
  try {
    const value: unknown = JSON.parse(text)
    return checkPending(value)
  } catch (error) {
    return {
      pending: [],
      problem: `the saved rollback state is unreadable (${(error as Error).message})`
    }
  }
}

/** Keeps the entries of a parsed list that are undos; says when some were not. */
export function checkPending(value: unknown): { pending: PersistedUndo[]; problem: string | null } {
  if (!Array.isArray(value)) throw new Error('not a list')
  const pending = value.filter(
    (item): item is PersistedUndo =>
      typeof item === 'object' && item !== null && KINDS.includes((item as PersistedUndo).kind)
  )
  return { pending, problem: pending.length === value.length ? null : 'unknown entries skipped' }
}

export interface LeftoverDeps {
  env: NodeJS.ProcessEnv
  /** The main step's PID, ended if it still holds a port. */
  mainPid?: number
  log: (line: string) => void
}

/** Why a PID from saved state is not to be signalled (`gone` when it exited), or null: still ours. */
function notOurs(item: Extract<PersistedUndo, { pid: number }>, gone: string): string | null {
  const who = whoIs(item.pid, item)
  if (who === 'gone') return gone
  if (who === 'other')
    return `pid ${item.pid} now belongs to another process (started after ours): left alone`
  return null
}

function resume(item: Extract<PersistedUndo, { kind: 'signal' }>): string {
  const why = notOurs(item, `process ${item.pid} is gone: nothing to resume`)
  if (why) return why
  const stopped = processState(item.pid) === 'T'
  process.kill(item.pid, item.signal)
  return stopped
    ? `resumed process ${item.pid} (${item.signal}), left stopped by a killed run`
    : `sent ${item.signal} to process ${item.pid} (it was not stopped)`
}

async function end(item: Extract<PersistedUndo, { kind: 'kill' }>): Promise<string> {
  const why = notOurs(item, `${item.name.replace(/ \d+$/, '')} ${item.pid} is gone already`)
  if (why) return why
  const pids = await killTree(item.pid, 2000)
  return `ended ${item.name} (${pids.length} process(es))`
}

/** Removes a folder chaos-ci made; anything else in saved state is refused, not removed. */
async function remove(item: Extract<PersistedUndo, { kind: 'remove' }>): Promise<string> {
  if (!path.isAbsolute(item.path) || !path.basename(item.path).startsWith('chaos-ci-'))
    throw new Error(`${item.path} is not a folder chaos-ci made (chaos-ci-*): left alone`)
  if (!existsSync(item.path)) return `${item.path} is gone already`
  await rm(item.path, { recursive: true, force: true })
  return `removed ${item.path}`
}

async function undo(item: PersistedUndo, deps: LeftoverDeps): Promise<string> {
  switch (item.kind) {
    case 'command':
      await runRollbackCommand(item.command, item.cwd, deps.env, text => deps.log(text.trimEnd()))
      return `ran the rollback command: ${item.command}`
    case 'signal':
      return resume(item)
    case 'kill':
      return end(item)
    case 'remove':
      return remove(item)
    case 'listener':
      return closedListener(item, deps)
    case 'exec': {
      const result = await runCommand({ argv: item.argv }, { env: deps.env, timeoutMs: 60_000 })
      if (result.exitCode !== 0)
        throw new Error(`${item.argv.join(' ')} exited ${result.exitCode}: ${result.stderr.trim()}`)
      return `ran ${item.argv.join(' ')}`
    }
  }
}

async function closedListener(
  item: Extract<PersistedUndo, { kind: 'listener' }>,
  deps: LeftoverDeps
): Promise<string> {
  const address = { host: item.host, port: item.port }
  const closed = `nothing listens on ${item.host}:${item.port} any more`
  if ((await tryConnect(address)) === 'ECONNREFUSED') return closed
  if (deps.mainPid && isAlive(deps.mainPid)) {
    deps.log(
      `${item.name}: still listening and the main step (pid ${deps.mainPid}) is alive; ending it`
    )
    await killTree(deps.mainPid, 2000)
    if ((await tryConnect(address)) === 'ECONNREFUSED') return `${closed} (main step ended)`
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
      const detail = await undo(item, deps)
      reports.push({ name: item.name, ok: true, detail, ms: Math.round(performance.now() - start) })
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
