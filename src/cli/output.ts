/** CLI output: results on stdout, progress on stderr, errors as one readable message with its fix. */
import { describeError, UserError } from '../core/errors.js'

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

/** Where the CLI writes; swapped in tests. */
export interface CliIO {
  out(text: string): void
  err(text: string): void
}

export const processIO: CliIO = {
  out: text => process.stdout.write(`${text}\n`),
  err: text => process.stderr.write(`${text}\n`)
}

/** Prints an error without a stack trace and returns the exit code for it. */
export function reportError(io: CliIO, error: unknown): number {
  io.err(`chaos-ci: ${describeError(error, input => `option --${input}`)}`)
  return error instanceof UserError ? EXIT.usage : EXIT.failed
}

export type OutputFormat = 'text' | 'json' | 'markdown'

/** Parses `--format`. */
export function parseFormat(raw: string): OutputFormat {
  if (raw === 'text' || raw === 'json' || raw === 'markdown') return raw
  throw new UserError(`unknown format '${raw}'.`, 'Use --format text, json or markdown.', {
    input: 'format'
  })
}
