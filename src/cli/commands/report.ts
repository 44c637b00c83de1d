/**
 * `chaos-ci report --db FILE --lookback-days N --output FILE`: the weekly report from the history
 * database, written as Markdown (and printed). Exit 0, or 2 on bad input (a database that does not
 * exist among it: a report of nothing would read as a quiet week).
 */
import { existsSync } from 'node:fs'

import type { Command } from 'commander'

import { UserError } from '../../core/errors.js'
import { writeReportFile } from '../../core/report/from-file.js'
import {
  parseReportOptions,
  type RawReportOptions,
  REPORT_DEFAULTS,
  REPORT_INPUTS
} from '../../core/report/options.js'
import { type CliIO, EXIT, parseFormat } from '../output.js'

type ReportFlags = RawReportOptions & { format: string }

export async function reportCommand(flags: ReportFlags, io: CliIO): Promise<number> {
  const format = parseFormat(flags.format, ['markdown', 'text', 'json'])
  const settings = parseReportOptions({ ...flags, issue: 'none' })
  if (!existsSync(settings.db))
    throw new UserError(
      'there is no history database here, so there is nothing to report on; no report was written.',
      `Record results first (chaos-ci record chaos-results/ --db ${settings.db}), or give --db the database the history action restored.`,
      { file: settings.db }
    )
  const { data, markdown } = await writeReportFile(settings.db, settings.output, {
    end: settings.end ?? new Date(),
    lookbackDays: settings.lookbackDays
  })
  io.err(`report: ${settings.output}`)
  if (format === 'json') io.out(JSON.stringify(data, null, 2))
  else io.out(markdown)
  return EXIT.ok
}

export function registerReport(
  program: Command,
  io: CliIO,
  done: (code: Promise<number>) => void
): void {
  const d = REPORT_DEFAULTS
  const i = REPORT_INPUTS
  program
    .command('report')
    .description('the weekly report from the history database, as Markdown')
    .option(`--${i.db} <file>`, `the history database (default ${d.db})`)
    .option(`--${i.lookbackDays} <n>`, `days in the window (default ${d.lookbackDays})`)
    .option(`--${i.output} <file>`, `write the Markdown here (default ${d.output})`)
    .option(`--${i.end} <date>`, 'the end of the window, ISO-8601 (default: now)')
    .option('--format <format>', 'stdout: markdown (default), text (the same) or json', 'markdown')
    .action((flags: ReportFlags) => done(reportCommand(flags, io)))
}
