/** `chaos-ci health`: the health action's check, from a terminal. Exit 0 healthy, 1 not, 2 bad input. */
import type { Command } from 'commander'

import { cancelSignal } from '../../core/exec/cancel.js'
import { describeProbe, healthMarkdown, healthText } from '../../core/health/describe.js'
import { HEALTH_DEFAULTS, HEALTH_INPUTS, type RawHealthOptions } from '../../core/health/options.js'
import { parseHealthOptions } from '../../core/health/options.js'
import { healthPayload, healthStatus } from '../../core/health/payload.js'
import { waitForHealthy } from '../../core/health/wait.js'
import { stepPasses } from '../../core/results/status.js'
import { flag } from '../flags.js'
import { type CliIO, EXIT, outText, parseFormat } from '../output.js'
import { emitStage } from '../stage.js'

interface HealthFlags {
  url: string[]
  expectedStatus?: string
  body?: string
  requiredSuccesses?: string
  timeoutSeconds?: string
  intervalSeconds?: string
  maxIntervalSeconds?: string
  requestTimeoutSeconds?: string
  format: string
  resultsDir?: string
  quiet?: boolean
}

/** Runs the check with already-parsed flags; returns the exit code. */
export async function healthCommand(flags: HealthFlags, io: CliIO): Promise<number> {
  const startedAt = new Date()
  const format = parseFormat(flags.format)
  const raw: RawHealthOptions = { ...flags, url: flags.url.join('\n') }
  const options = parseHealthOptions(raw)
  const cancel = cancelSignal()
  const report = await waitForHealthy(options, {
    signal: cancel.signal,
    onProbe: (endpoint, round) => {
      if (!flags.quiet) io.err(describeProbe(endpoint, round))
    }
  }).finally(cancel.dispose)
  const results = await emitStage(io, format, {
    stage: 'health',
    status: healthStatus(report),
    payload: healthPayload(options, report),
    startedAt,
    ...(flags.resultsDir ? { dir: flags.resultsDir } : {})
  })
  if (format === 'markdown') io.out(healthMarkdown(report, options.requiredSuccesses))
  else if (format === 'text') outText(io, healthText(report, options.requiredSuccesses))
  return stepPasses(results.status) ? EXIT.ok : EXIT.failed
}

/** Registers the command; option names are the action's input names. */
export function registerHealth(
  program: Command,
  io: CliIO,
  done: (code: Promise<number>) => void
): void {
  const collect = (value: string, previous: string[]): string[] => [...previous, value]
  const command = program
    .command('health')
    .description('wait until every URL answers as expected, N times in a row')
    .requiredOption(
      `--${HEALTH_INPUTS.url} <url>`,
      'health endpoint; repeat for several',
      collect,
      []
    )
    .option(
      `--${HEALTH_INPUTS.expectedStatus} <codes>`,
      `expected status: 200, 200-299, 2xx or a list (default ${HEALTH_DEFAULTS.expectedStatus})`
    )
    .option(
      `--${HEALTH_INPUTS.body} <json>`,
      'JSON the body must contain; an array means any of them'
    )
    .option(
      `--${HEALTH_INPUTS.requiredSuccesses} <n>`,
      `successes in a row (default ${HEALTH_DEFAULTS.requiredSuccesses})`
    )
    .option(
      `--${HEALTH_INPUTS.timeoutSeconds} <s>`,
      `total time to wait (default ${HEALTH_DEFAULTS.timeoutSeconds})`
    )
    .option(
      `--${HEALTH_INPUTS.intervalSeconds} <s>`,
      `first delay between rounds (default ${HEALTH_DEFAULTS.intervalSeconds})`
    )
    .option(
      `--${HEALTH_INPUTS.maxIntervalSeconds} <s>`,
      `cap on the backoff (default ${HEALTH_DEFAULTS.maxIntervalSeconds})`
    )
    .option(
      `--${HEALTH_INPUTS.requestTimeoutSeconds} <s>`,
      `per-request timeout (default ${HEALTH_DEFAULTS.requestTimeoutSeconds})`
    )
    .option('--format <format>', 'text, json (the results file) or markdown', 'text')
    .option('--results-dir <dir>', 'also write a chaos-ci results file there')
  flag(command, 'quiet', 'do not print each probe')
  command.action((flags: HealthFlags) => done(healthCommand(flags, io)))
}
