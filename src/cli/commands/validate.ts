/**
 * `chaos-ci validate [options]`: the validate action from a terminal. The verdicts go to stdout in the
 * chosen format, the one-line verdict to stderr. Exit 0 passed, 1 a blocking SLO failed (or an invalid
 * scenario under invalid-policy fail), 2 bad input.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

import type { Command } from 'commander'

import { validateExit } from '../../core/exit-codes.js'
import {
  validateJunit,
  validateMarkdown,
  validateText,
  validateVerdict
} from '../../core/validate/describe.js'
import { executeValidate } from '../../core/validate/execute.js'
import {
  parseValidateOptions,
  type RawValidateOptions,
  VALIDATE_DEFAULTS,
  VALIDATE_INPUTS
} from '../../core/validate/options.js'
import { flag, flagValue } from '../flags.js'
import { type CliIO, errText, outText, parseFormat } from '../output.js'
import { emitStage } from '../stage.js'

type ValidateFlags = Omit<RawValidateOptions, 'failOnRegression'> & {
  failOnRegression?: boolean
  format: string
}

export async function validateCommand(flags: ValidateFlags, io: CliIO): Promise<number> {
  const startedAt = new Date()
  const format = parseFormat(flags.format)
  const { format: _format, resultsDir, failOnRegression, ...raw } = flags
  void _format
  const options = parseValidateOptions({
    ...raw,
    failOnRegression: flagValue(failOnRegression),
    resultsDir: resultsDir ?? ''
  })
  const { status, payload } = await executeValidate(options)
  if (payload.history.note) io.err(payload.history.note)
  await emitStage(io, format, {
    stage: 'validate',
    status,
    payload,
    startedAt,
    ...(resultsDir ? { dir: resultsDir } : {})
  })
  if (options.junitFile) {
    await mkdir(path.dirname(options.junitFile), { recursive: true })
    await writeFile(options.junitFile, validateJunit(payload))
  }
  if (format === 'markdown') io.out(validateMarkdown(payload, status))
  else if (format === 'text') outText(io, validateText(payload))
  errText(io, `chaos-ci validate: ${validateVerdict(payload, status)}`)
  return validateExit(payload)
}

/** Registers the command; option names are the action's input names. */
export function registerValidate(
  program: Command,
  io: CliIO,
  done: (code: Promise<number>) => void
): void {
  const d = VALIDATE_DEFAULTS
  const i = VALIDATE_INPUTS
  const command = program
    .command('validate')
    .description("judge inject's measured results against SLOs and the project's own history")
    .option(
      `--${i.results} <path>`,
      `an inject results file or a folder of them (default ${d.results})`
    )
    .option(`--${i.config} <file>`, `the scenario file with the SLO sections (default ${d.config})`)
    .option(
      `--${i.slos} <yaml>`,
      'SLOs inline, over all others, e.g. "http_req_duration: [\'p(95)<300\']"'
    )
    .option(`--${i.environment} <name>`, "apply this environment's slo_targets (default: inject's)")
    .option(
      `--${i.historyDb} <file>`,
      `the history database for baselines (default ${d.historyDb})`
    )
    .option(
      `--${i.baselineBranch} <branch>`,
      'runs on this branch make the baseline; * for all (default main)'
    )
    .option(`--${i.baselineRuns} <n>`, `past runs in a baseline (default ${d.baselineRuns})`)
    .option(
      `--${i.regressionSigma} <k>`,
      `band half-width in robust sigmas (default ${d.regressionSigma})`
    )
    .option(
      `--${i.minSamples} <n>`,
      `fewer requests than this: insufficient-data (default ${d.minSamples})`
    )
    .option(`--${i.invalidPolicy} <policy>`, 'an invalid scenario: fail (default), warn or ignore')
    .option(
      `--${i.onInsufficientData} <policy>`,
      'when no SLO could be evaluated (nothing ran): fail (default) or warn'
    )
    .option(`--${i.resultsDir} <dir>`, 'write the validate results file here')
    .option(`--${i.junitFile} <file>`, 'write JUnit XML here (one case per scenario and SLO)')
    .option('--format <format>', 'stdout: text, json (the results file) or markdown', 'text')
  flag(command, i.failOnRegression, 'fail on a regression against history')
  command.action((flags: ValidateFlags) => done(validateCommand(flags, io)))
}
