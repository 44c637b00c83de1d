/** The `chaos-ci` command line: the same core as the actions, for local use and pre-push hooks. */
import { Command, CommanderError } from 'commander'

import { VERSION } from '../core/version.js'
import { registerAudit } from './commands/audit.js'
import { registerCheck } from './commands/check.js'
import { registerDemo } from './commands/demo.js'
import { registerHeal } from './commands/heal.js'
import { registerHealth } from './commands/health.js'
import { registerHistory } from './commands/history.js'
import { registerInject } from './commands/inject.js'
import { registerReport } from './commands/report.js'
import { registerRollback } from './commands/rollback.js'
import { registerValidate } from './commands/validate.js'
import { refuseFlagValues } from './flags.js'
import { type CliIO, EXIT, processIO, reportError } from './output.js'

/** Runs the CLI on `argv` (without node and script) and returns the exit code; never exits itself. */
export async function cliMain(argv: string[], io: CliIO = processIO): Promise<number> {
  let pending: Promise<number> | undefined
  const done = (code: Promise<number>): void => {
    pending = code
  }
  const program = new Command('chaos-ci')
    .version(VERSION)
    .description('self-healing chaos validation of web services')
    .exitOverride()
    .configureOutput({
      writeOut: text => io.out(text.trimEnd()),
      writeErr: text => io.err(text.trimEnd())
    })
  registerHealth(program, io, done)
  registerHeal(program, io, done)
  registerAudit(program, io, done)
  registerHistory(program, io, done)
  registerInject(program, io, done)
  registerRollback(program, io, done)
  registerValidate(program, io, done)
  registerReport(program, io, done)
  registerCheck(program, io, done)
  registerDemo(program, io, done)
  program.addHelpText(
    'after',
    '\nEvery flag (an option without a value) also has a --no- form that turns it off, e.g. --no-dry-run.\nNO_COLOR=1 turns colour off; FORCE_COLOR=1 turns it on where stdout is not a terminal.'
  )
  try {
    refuseFlagValues(program, argv)
    await program.parseAsync(argv, { from: 'user' })
    return pending ? await pending : EXIT.ok
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage
    return reportError(io, error)
  }
}

/**
 * The `chaos-ci` bin: runs the CLI and sets the exit code. An error that escapes it (thrown later
 * inside a dependency, such as sql.js failing to load its wasm) is chaos-ci's own failure: it is
 * reported as one and the process exits 70 at once, since nothing after it can be trusted.
 */
export async function runCli(argv = process.argv.slice(2), io: CliIO = processIO): Promise<void> {
  const crash = (error: unknown): never => {
    reportError(io, error instanceof Error ? error : new Error(String(error)))
    process.exit(EXIT.internal)
  }
  process.on('uncaughtException', crash)
  process.on('unhandledRejection', crash)
  process.exitCode = await cliMain(argv, io)
}
