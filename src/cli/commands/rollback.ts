/**
 * `chaos-ci rollback [--state-file FILE] [--format text|json]`: runs the undos a killed `inject` or
 * `demo` left in its state file, and says what each found and did (`inject` and `demo` do the same
 * first). Exit 0 when every undo ran or nothing was left, 1 when an undo failed (it stays in the
 * file for the next try), 2 when the file belongs to a run still going or cannot be read.
 */
import type { Command } from 'commander'

import { type CliIO, EXIT, parseFormat } from '../output.js'
import {
  DEFAULT_STATE_FILE,
  runLeftUndos,
  STATE_FILE_ENV,
  stateFilePath
} from '../rollback-state.js'

interface RollbackFlags {
  stateFile?: string
  format: string
}

export async function rollbackCommand(flags: RollbackFlags, io: CliIO): Promise<number> {
  const format = parseFormat(flags.format, ['text', 'json'])
  const file = stateFilePath(flags.stateFile)
  // text: the undos are the result, on stdout; json: they are progress, and the JSON the result
  const log = format === 'text' ? (line: string) => io.out(line) : (line: string) => io.err(line)
  const outcome = await runLeftUndos(file, 'rollback', log)
  const verdict =
    outcome.reports.length === 0
      ? `nothing to roll back (${file})`
      : outcome.failed === 0
        ? `${outcome.reports.length} undo(s) left by a killed run: all done`
        : `${outcome.failed} of ${outcome.reports.length} undo(s) failed; they stay in ${file}: fix the cause and run chaos-ci rollback again`
  if (format === 'json')
    io.out(
      JSON.stringify(
        {
          state_file: file,
          left_by: outcome.leftBy,
          undos: outcome.reports,
          failed: outcome.failed
        },
        null,
        2
      )
    )
  log(`chaos-ci rollback: ${verdict}`)
  return outcome.failed > 0 ? EXIT.failed : EXIT.ok
}

export function registerRollback(
  program: Command,
  io: CliIO,
  done: (code: Promise<number>) => void
): void {
  program
    .command('rollback')
    .description('undo what a killed inject or demo left behind (a paused process, a folder…)')
    .option(
      '--state-file <file>',
      `the state file inject and demo save their undos to (default $${STATE_FILE_ENV}, else ${DEFAULT_STATE_FILE})`
    )
    .option('--format <format>', 'stdout: text (each undo) or json', 'text')
    .action((flags: RollbackFlags) => done(rollbackCommand(flags, io)))
}
