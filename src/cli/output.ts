/** CLI output: results on stdout, progress on stderr, errors as one readable message with its fix. */
import { describeError, UserError } from '../core/errors.js'
import { EXIT, exitForError } from '../core/exit-codes.js'
import { paint } from './colour.js'

/** Exit codes shared by every command (src/core/exit-codes.ts). */
export { EXIT }

/** Where the CLI writes; swapped in tests. */
export interface CliIO {
  out(text: string): void
  err(text: string): void
  /** Whether each stream may carry ANSI colour (./colour.ts: NO_COLOR, FORCE_COLOR, a terminal). */
  colour: { out: boolean; err: boolean }
}

export const processIO: CliIO = {
  out: text => process.stdout.write(`${text}\n`),
  err: text => process.stderr.write(`${text}\n`),
  get colour() {
    return { out: paint.allowed(process.stdout), err: paint.allowed(process.stderr) }
  }
}

/** Prints text-format results on stdout, their status words coloured where colour is allowed. */
export function outText(io: CliIO, text: string): void {
  io.out(io.colour.out ? paint.status(text) : text)
}

/** Prints a verdict line on stderr, coloured where colour is allowed. */
export function errText(io: CliIO, text: string): void {
  io.err(io.colour.err ? paint.status(text) : text)
}

/** What an unexpected error is said to be: chaos-ci's own failure, with the exit code that says so. */
export const INTERNAL_NOTE = `This is chaos-ci's own failure (exit ${EXIT.internal}), not your service's or your input's: please report it with the command that ran.`

/** Prints an error without a stack trace and returns the exit code for it. */
export function reportError(io: CliIO, error: unknown): number {
  io.err(`chaos-ci: ${describeError(error, input => `option --${input}`)}`)
  const code = exitForError(error)
  if (code === EXIT.internal) io.err(INTERNAL_NOTE)
  return code
}

export type OutputFormat = 'text' | 'json' | 'markdown'

/** Parses `--format`; `allowed` narrows it for a command that prints fewer forms. */
export function parseFormat(
  raw: string,
  allowed: readonly OutputFormat[] = ['text', 'json', 'markdown']
): OutputFormat {
  const format = allowed.find(f => f === raw)
  if (format) return format
  throw new UserError(
    `unknown format '${raw}'.`,
    `Use --format ${allowed.slice(0, -1).join(', ')}${allowed.length > 1 ? ' or ' : ''}${allowed.at(-1)}.`,
    { input: 'format' }
  )
}
