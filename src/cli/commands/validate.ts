/**
 * `chaos-ci validate [options]`: the validate action from a terminal. The verdicts go to stdout in the
 * chosen format, the one-line verdict to stderr. Exit 0 passed, 1 a blocking SLO failed (or an invalid
 * scenario under invalid-policy fail), 2 bad input.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

import type { Command } from 'commander'

import { validateExit } from '../../core/exit-codes.js'
import { writeStageResults } from '../../core/results/files.js'
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
import { type CliIO, parseFormat } from '../output.js'

type ValidateFlags = RawValidateOptions & { format: string }

export async function validateCommand(flags: ValidateFlags, io: CliIO): Promise<number> {
  const startedAt = new Date()
  const format = parseFormat(flags.format)
  const { format: _format, resultsDir, ...raw } = flags
  void _format
  const options = parseValidateOptions({ ...raw, resultsDir: resultsDir ?? '' })
  const { status, payload } = await executeValidate(options)
  if (payload.history.note) io.err(payload.history.note)
  if (resultsDir) {
    const file = await writeStageResults({
      dir: resultsDir,
      id: 'local',
      stage: 'validate',
      status,
      payload,
      startedAt,
      env: process.env
    })
    io.err(`results: ${file}`)
  }
  if (options.junitFile) {
    await mkdir(path.dirname(options.junitFile), { recursive: true })
    await writeFile(options.junitFile, validateJunit(payload))
  }
  if (format === 'json') io.out(JSON.stringify(payload, null, 2))
  else if (format === 'markdown') io.out(validateMarkdown(payload, status))
  else io.out(validateText(payload))
  io.err(`chaos-ci validate: ${validateVerdict(payload, status)}`)
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
  program
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
      `--${i.failOnRegression} <bool>`,
      'fail on a regression against history (default false)'
    )
    .option(
      `--${i.onInsufficientData} <policy>`,
      'when no SLO could be evaluated (nothing ran): fail (default) or warn'
    )
    .option(`--${i.resultsDir} <dir>`, 'write the validate results file here')
    .option(`--${i.junitFile} <file>`, 'write JUnit XML here (one case per scenario and SLO)')
    .option('--format <format>', 'stdout: text, json or markdown', 'text')
    .action((flags: ValidateFlags) => done(validateCommand(flags, io)))
}
