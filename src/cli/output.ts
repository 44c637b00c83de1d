/** CLI output: results on stdout, progress on stderr, errors as one readable message with its fix. */
import { describeError, UserError } from '../core/errors.js'
import { EXIT, exitForError } from '../core/exit-codes.js'

/** Exit codes shared by every command (src/core/exit-codes.ts). */
export { EXIT }

/** Where the CLI writes; swapped in tests. */
export interface CliIO {
  out(text: string): void
  err(text: string): void
}

export const processIO: CliIO = {
  out: text => process.stdout.write(`${text}\n`),
  err: text => process.stderr.write(`${text}\n`)
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

/** Parses `--format`. */
export function parseFormat(raw: string): OutputFormat {
  if (raw === 'text' || raw === 'json' || raw === 'markdown') return raw
  throw new UserError(`unknown format '${raw}'.`, 'Use --format text, json or markdown.', {
    input: 'format'
  })
}
