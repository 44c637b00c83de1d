/**
 * A long-running child process (a service under test): started, watched for a line on its output,
 * and always stopped with its whole tree (exec/process-tree.ts). Its last output is kept for errors.
 */
import { type ChildProcess, spawn } from 'node:child_process'

import { UserError } from '../errors.js'
import { killTree } from './process-tree.js'

export interface BackgroundProcess {
  readonly pid: number
  /** Resolves with the first match of `pattern` on stdout or stderr; rejects on exit or timeout. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>
  /** Resolves when the process has exited, however it ended. */
  readonly exited: Promise<void>
  /** The last output, at most 8 KiB. */
  output(): string
  /** Stops the process: SIGTERM, then SIGKILL after `graceMs`. Resolves once it has exited. */
  stop(graceMs?: number): Promise<void>
}

const KEEP_BYTES = 8 * 1024

export interface BackgroundOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  /**
   * The child's stdin is a pipe that only this process holds open and never writes to: the kernel
   * closes it when this process dies (even by SIGKILL), so the child reads its end and can exit.
   */
  lifeline?: boolean
}

/** Starts `command` with `args` (no shell: arguments are never interpreted). */
export function startBackground(
  command: string,
  args: string[],
  options: BackgroundOptions = {}
): BackgroundProcess {
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: [options.lifeline ? 'pipe' : 'ignore', 'pipe', 'pipe']
  })
  // the child's end of the lifeline may go first (it exited): that is not an error here
  child.stdin?.on('error', () => undefined)
  let kept = ''
  const listeners = new Set<(text: string) => void>()
  const exited = new Promise<void>(resolve => child.once('close', () => resolve()))
  const onData = (chunk: Buffer): void => {
    kept = (kept + chunk.toString('utf8')).slice(-KEEP_BYTES)
    for (const listener of listeners) listener(kept)
  }
  child.stdout?.on('data', onData)
  child.stderr?.on('data', onData)
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', error =>
      reject(
        new UserError(
          `cannot start ${command}: ${error.message}`,
          'Check that the command exists and is executable.'
        )
      )
    )
  )
  spawnError.catch(() => undefined)

  return {
    pid: child.pid ?? -1,
    exited,
    output: () => kept,
    waitForLine(pattern, timeoutMs) {
      return Promise.race([
        spawnError,
        new Promise<RegExpMatchArray>((resolve, reject) => {
          const check = (text: string): void => {
            const match = pattern.exec(text)
            if (match) finish(() => resolve(match))
          }
          const timer = setTimeout(
            () =>
              finish(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms`))),
            timeoutMs
          )
          const onExit = (): void =>
            finish(() =>
              reject(
                new Error(`${command} exited (code ${child.exitCode}) before printing ${pattern}`)
              )
            )
          function finish(settle: () => void): void {
            clearTimeout(timer)
            listeners.delete(check)
            child.off('close', onExit)
            settle()
          }
          listeners.add(check)
          child.once('close', onExit)
          check(kept)
          if (child.exitCode !== null || child.signalCode !== null) onExit()
        })
      ])
    },
    async stop(graceMs = 3000) {
      if (child.exitCode !== null || child.signalCode !== null || !child.pid) return
      await killTree(child.pid, graceMs)
      await exited
    }
  }
}
