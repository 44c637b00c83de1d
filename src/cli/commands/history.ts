/**
 * `chaos-ci record PATHS… --db FILE` imports results files (and the seed's reports; folders are
 * searched to any depth) into the history database, one writer at a time (`--lock-timeout-seconds`); `chaos-ci history export` prints it;
 * `chaos-ci history import-seed FILE` loads a seed report.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'

import type { Command } from 'commander'

import { throwAll, UserError } from '../../core/errors.js'
import { openHistory, updateHistory } from '../../core/history/db.js'
import { exportJsonl, exportTables } from '../../core/history/export.js'
import { recordFiles } from '../../core/history/files.js'
import { LOCK_DEFAULTS } from '../../core/history/lock.js'
import type { Added } from '../../core/history/record.js'
import { expandInputs } from '../../core/results/files.js'
import { parseNumber } from '../../core/settings/parse.js'
import { closeFileName } from '../../core/user-file.js'
import { type CliIO, EXIT, parseFormat } from '../output.js'

/** The seed's default database path. */
export const DEFAULT_DB = 'reports/chaos_history.db'

/** How long record waits for another writer of the same database (seconds). */
export const LOCK_TIMEOUT_OPTION = 'lock-timeout-seconds'

function describeAdded(file: string, added: Added): string {
  const parts = Object.entries(added)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `${n} ${table}`)
  return `${file}: ${parts.length ? parts.join(', ') : 'nothing new (already recorded)'}`
}

/**
 * Every input that does not exist, as one error with a "did you mean": checked before the database
 * is opened, so that a mistyped path leaves no new, empty history behind.
 */
function refuseMissing(inputs: readonly string[]): void {
  const problems = inputs
    .filter(input => !existsSync(input))
    .map(input => {
      const near = closeFileName(path.resolve(input))
      return new UserError(
        `does not exist; nothing was recorded.${near ? ` Did you mean '${path.relative(process.cwd(), near) || near}'?` : ''}`,
        'Pass the results files or the folder the stages wrote (inject writes chaos-results/ by default).',
        { file: input }
      )
    })
  throwAll(problems, 'paths do not exist; nothing was recorded')
}

export interface RecordFlags {
  db: string
  lockTimeoutSeconds?: string
  format?: string
}

/**
 * Imports every file (folders are searched to any depth) into the database at `flags.db` under its
 * writer's lock, then saves it.
 */
export async function recordCommand(
  inputs: string[],
  flags: RecordFlags,
  io: CliIO
): Promise<number> {
  const format = parseFormat(flags.format ?? 'text', ['text', 'json'])
  const timeoutMs =
    1000 *
    parseNumber(LOCK_TIMEOUT_OPTION, flags.lockTimeoutSeconds, LOCK_DEFAULTS.timeoutMs / 1000, {
      min: 0,
      max: 3600
    })
  refuseMissing(inputs)
  const files = await expandInputs(inputs, { recursive: true })
  if (files.length === 0)
    throw new UserError(
      `no results files (*.json) in ${inputs.join(', ')}.`,
      'Pass results files or a folder such as chaos-results/.'
    )
  const db = flags.db
  const recorded = await updateHistory(db, database => recordFiles(database, files), { timeoutMs })
  for (const { file, added } of recorded.files) io.err(describeAdded(file, added))
  for (const { problem } of recorded.skipped) io.err(`not recorded: ${problem}`)
  io.err(`history: ${db}`)
  if (format === 'json') io.out(JSON.stringify({ db, ...recorded }, null, 2))
  return recorded.skipped.length ? EXIT.failed : EXIT.ok
}

export async function exportCommand(db: string, format: string, io: CliIO): Promise<number> {
  if (format !== 'json' && format !== 'jsonl')
    throw new UserError(`unknown format '${format}'.`, 'Use --format jsonl or json.', {
      input: 'format'
    })
  const database = await openHistory(db)
  try {
    io.out(
      format === 'json' ? JSON.stringify(exportTables(database), null, 2) : exportJsonl(database)
    )
  } finally {
    database.close()
  }
  return EXIT.ok
}

const lockHelp = `how long to wait while another chaos-ci writes the same database (default ${LOCK_DEFAULTS.timeoutMs / 1000})`

export function registerHistory(
  program: Command,
  io: CliIO,
  done: (code: Promise<number>) => void
): void {
  program
    .command('record')
    .description(
      "import results files (or folders of them, or the seed's reports) into the history database"
    )
    .argument('<files...>', 'results files or folders')
    .option('--db <file>', 'the history database', DEFAULT_DB)
    .option(`--${LOCK_TIMEOUT_OPTION} <n>`, lockHelp)
    .option('--format <format>', 'stdout: text (nothing) or json (what each file added)', 'text')
    .action((files: string[], flags: RecordFlags) => done(recordCommand(files, flags, io)))
  const history = program.command('history').description('inspect and load the history database')
  history
    .command('export')
    .description('print every table as JSON, or one row per line (JSONL)')
    .option('--db <file>', 'the history database', DEFAULT_DB)
    .option('--format <format>', 'jsonl or json', 'jsonl')
    .action((flags: { db: string; format: string }) =>
      done(exportCommand(flags.db, flags.format, io))
    )
  history
    .command('import-seed')
    .description('load a report written by the seed (its injector output or its healer report)')
    .argument('<file>', 'the seed report')
    .option('--db <file>', 'the history database', DEFAULT_DB)
    .option(`--${LOCK_TIMEOUT_OPTION} <n>`, lockHelp)
    .option('--format <format>', 'stdout: text (nothing) or json (what it added)', 'text')
    .action((file: string, flags: RecordFlags) => done(recordCommand([file], flags, io)))
}
