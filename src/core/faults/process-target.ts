/**
 * The process a process fault acts on, from the scenario's parameters (exactly one of `pid`,
 * `pid_file`, `port`, `command`), and the helpers the process faults share.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'

import { isAlive } from '../exec/process-tree.js'
import { findProcesses, type ProcessSelector, selfAndAncestors } from '../process/find.js'
import type { Params, TargetCheck } from './plugin.js'

export function readSelector(params: Params): ProcessSelector {
  const given = (['pid', 'pid_file', 'port', 'command'] as const).filter(key => params.has(key))
  if (given.length !== 1)
    params.invalid(
      given[1] ?? 'pid',
      given.length === 0
        ? 'names no process.'
        : `names the process twice (${given.join(' and ')}).`,
      'Give exactly one of pid, pid_file, port (the port it listens on) or command (a part of its command line).'
    )
  const key = given[0]!
  if (key === 'pid') return { pid: params.number('pid', 0, 2) }
  if (key === 'port') return { port: params.number('port', 0, 1, 65535) }
  if (key === 'pid_file') return { pidFile: params.string('pid_file')! }
  return { command: params.string('command')! }
}

/** The target and the optional restart_command, which process_kill and process_restart share. */
export interface Restartable {
  selector: ProcessSelector
  restart?: string
}

export function readRestartable(params: Params): Restartable {
  const restart = params.string('restart_command')
  return { selector: readSelector(params), ...(restart ? { restart } : {}) }
}

export function describeSelector(selector: ProcessSelector): string {
  if (selector.pid !== undefined) return `pid ${selector.pid}`
  if (selector.pidFile !== undefined) return `the pid in ${selector.pidFile}`
  if (selector.port !== undefined) return `the process listening on port ${selector.port}`
  return `processes whose command line contains '${selector.command}'`
}

/** The target's PIDs now; throws when nothing matches (the fault cannot land). */
export function targetPids(selector: ProcessSelector): number[] {
  const pids = findProcesses(selector, { root: '/proc', exclude: selfAndAncestors() })
  if (pids.length === 0) throw new Error(`no process matched: ${describeSelector(selector)}`)
  return pids
}

function commandLine(pid: number): string {
  try {
    const text = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()
    return text.length > 80 ? `${text.slice(0, 77)}…` : text
  } catch {
    return '?'
  }
}

/** The dry run's look for the target: the PIDs it would signal now, with their command lines. */
export function resolveProcess(selector: ProcessSelector): TargetCheck {
  const pids = findProcesses(selector, { root: '/proc', exclude: selfAndAncestors() })
  if (pids.length === 0)
    return { found: false, detail: `no process matched: ${describeSelector(selector)}` }
  const shown = pids.slice(0, 3).map(pid => `pid ${pid}: ${commandLine(pid)}`)
  const more = pids.length > 3 ? `; and ${pids.length - 3} more` : ''
  return { found: true, detail: `${shown.join('; ')}${more}` }
}

/** What brings a killed process back, in the plan's words: restart_command, or nothing configured. */
export function restartWords(restart: string | undefined): string {
  return restart
    ? 'then restart_command'
    : 'no restart_command: only a supervisor outside chaos-ci can bring it back'
}

/** Sends a signal to each PID; returns those it reached. */
export function signalAll(pids: number[], signal: NodeJS.Signals): number[] {
  return pids.filter(pid => {
    try {
      process.kill(pid, signal)
      return true
    } catch {
      return false
    }
  })
}

/** Waits until every PID is gone (or a zombie), up to `ms`; returns those still alive. */
export async function awaitExit(pids: number[], ms: number): Promise<number[]> {
  const deadline = performance.now() + ms
  let alive = pids
  while (alive.length > 0 && performance.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 20))
    alive = alive.filter(isAlive)
  }
  return alive
}

/**
 * Starts restart_command detached, so the restarted service outlives chaos-ci; its output goes
 * where the command sends it (e.g. `npm start > service.log 2>&1`).
 */
export function startDetached(command: string, env: NodeJS.ProcessEnv): number | undefined {
  const child = spawn('bash', ['-c', command], { detached: true, stdio: 'ignore', env })
  child.unref()
  return child.pid
}
