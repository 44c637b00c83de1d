/**
 * The one exec wrapper: runs a command (argv, or a script through a shell) in its own process group,
 * streams its output live and keeps it (bounded), and on timeout or cancellation ends the whole
 * process tree. It never throws for a failing command: the result says what happened.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'

import { UserError } from '../errors.js'
import { type CaptureLimits, DEFAULT_CAPTURE, OutputCapture } from './capture.js'
import { killTree } from './process-tree.js'

/** A command: an argv list run directly, or a script run by a shell. */
export type CommandSpec = { argv: string[] } | { script: string; shell: ShellName }

/** Shells a script can run in, with GitHub's flags for each. */
export const SHELLS = {
  bash: ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c'],
  sh: ['sh', '-e', '-c'],
  python: ['python3', '-c'],
  node: [process.execPath, '-e']
} as const
export type ShellName = keyof typeof SHELLS

export interface RunOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** Ends the tree after this long; 0 or undefined for no limit. */
  timeoutMs?: number
  /** Ends the tree when aborted (SIGINT/SIGTERM to us, a total deadline). */
  signal?: AbortSignal
  /** Time between SIGTERM and SIGKILL. */
  graceMs?: number
  /** Receives output as it arrives (the live log). */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void
  capture?: CaptureLimits
}

export interface CommandResult {
  /** The exit code, or null when a signal ended the process. */
  exitCode: number | null
  /** The signal that ended it, if any. */
  signal: NodeJS.Signals | null
  timedOut: boolean
  cancelled: boolean
  durationMs: number
  pid: number
  /** PIDs signalled while ending the tree (empty when it exited by itself). */
  killed: number[]
  /** Combined stdout and stderr in arrival order, bounded: head and tail. */
  output: string
  /** Stderr alone, bounded: an error line on stderr survives a flood on stdout. */
  stderr: string
  outputChars: number
}

/** The argv a spec runs. */
export function argvOf(spec: CommandSpec): string[] {
  return 'argv' in spec ? spec.argv : [...SHELLS[spec.shell], spec.script]
}

/** Runs the command to completion (or until ended); resolves with what happened. */
export async function runCommand(
  spec: CommandSpec,
  options: RunOptions = {}
): Promise<CommandResult> {
  const [file, ...args] = argvOf(spec)
  if (!file)
    throw new UserError('the command is empty.', 'Give the command to run.', { input: 'command' })
  const started = performance.now()
  const capture = new OutputCapture(options.capture ?? DEFAULT_CAPTURE)
  const stderr = new OutputCapture(options.capture ?? DEFAULT_CAPTURE)
  const child = spawn(file, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let timedOut = false
  let cancelled = false
  let ending: Promise<number[]> | undefined
  const end = (): void => {
    if (child.pid && !ending) ending = killTree(child.pid, options.graceMs ?? 5000)
  }
  for (const [stream, readable] of [
    ['stdout', child.stdout],
    ['stderr', child.stderr]
  ] as const) {
    readable.setEncoding('utf8')
    readable.on('data', (text: string) => {
      capture.push(text)
      if (stream === 'stderr') stderr.push(text)
      options.onOutput?.(text, stream)
    })
  }
  const timer = options.timeoutMs
    ? setTimeout(() => ((timedOut = true), end()), options.timeoutMs)
    : undefined
  const onAbort = (): void => {
    cancelled = true
    end()
  }
  if (options.signal?.aborted) onAbort()
  options.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
      (resolve, reject) => {
        child.once('error', error => reject(spawnError(file, options.cwd, error)))
        child.once('exit', (code, sig) => resolve([code, sig]))
      }
    )
    await drain(child, STREAM_DRAIN_MS)
    // the leader may exit while its children linger on: end the tree if we had started to
    const killed = ending ? await ending : []
    return {
      exitCode,
      signal,
      timedOut,
      cancelled,
      durationMs: Math.round(performance.now() - started),
      pid: child.pid ?? -1,
      killed,
      output: capture.text(),
      stderr: stderr.text(),
      outputChars: capture.totalChars
    }
  } finally {
    clearTimeout(timer)
    options.signal?.removeEventListener('abort', onAbort)
  }
}

/**
 * After the leader exits, a background child it left may still hold the pipes open: wait briefly for
 * them to close, then stop reading so the command's end is not held up by it.
 */
const STREAM_DRAIN_MS = 1000

async function drain(child: ChildProcess, ms: number): Promise<void> {
  if (child.stdout?.closed !== false && child.stderr?.closed !== false) return
  await new Promise<void>(resolve => {
    const timer = setTimeout(resolve, ms)
    child.once('close', () => {
      clearTimeout(timer)
      resolve()
    })
  })
  child.stdout?.destroy()
  child.stderr?.destroy()
}

function spawnError(
  file: string,
  cwd: string | undefined,
  error: NodeJS.ErrnoException
): UserError {
  if (error.code === 'ENOENT' && cwd && !existsSync(cwd)) {
    return new UserError(
      `the working directory '${cwd}' does not exist.`,
      'Create it in an earlier step, or fix working-directory.',
      { input: 'working-directory' }
    )
  }
  if (error.code === 'ENOENT')
    return new UserError(
      `cannot run '${file}': not found on PATH or in the working directory.`,
      'Check the command name, or install it in an earlier step.'
    )
  return new UserError(
    `cannot run '${file}': ${error.message}.`,
    'Check the command and the working directory.'
  )
}
