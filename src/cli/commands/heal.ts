/**
 * `chaos-ci heal [options] -- CMD ARGS…`: the heal action's runner from a terminal. The command's own
 * output passes through; the attempt log goes to stderr. Exit 0 passed (a flaky pass warns, or fails
 * with --fail-on-flaky), 1 failed, 2 bad input.
 */
import path from 'node:path'

import type { Command } from 'commander'

import { loadAuditConfig } from '../../core/audit/config.js'
import { dependencyFixer } from '../../core/audit/heal-fix.js'
import { cancelSignal } from '../../core/exec/cancel.js'
import {
  describeEnd,
  describeStart,
  healMarkdown,
  healNextStep,
  healVerdict
} from '../../core/heal/describe.js'
import { heal } from '../../core/heal/healer.js'
import type { HealJournal } from '../../core/heal/journal.js'
import { healStatus } from '../../core/heal/journal.js'
import {
  HEAL_DEFAULTS,
  HEAL_INPUTS,
  parseHealOptions,
  type RawHealOptions
} from '../../core/heal/options.js'
import { BUILTIN_RULES } from '../../core/heal/rules.js'
import { loadRules } from '../../core/heal/rules-file.js'
import { stepPasses } from '../../core/results/status.js'
import { flag, flagValue } from '../flags.js'
import { type CliIO, errText, EXIT, parseFormat } from '../output.js'
import { emitStage } from '../stage.js'

type HealFlags = Omit<RawHealOptions, 'command' | 'constantDelay'> & {
  constantDelay?: boolean
  healDependencies?: boolean
  auditConfig?: string
  format: string
  resultsDir?: string
  failOnFlaky?: boolean
}

/** The verdict on stderr, and for a failure that was not retried, what to do about it. */
function verdictText(journal: HealJournal): string {
  const next = healNextStep(journal)
  return `chaos-ci heal: ${healVerdict(journal)}${next ? `\nwhat to do: ${next}` : ''}`
}

/** Runs `argv` with healing; with --shell, the arguments form one script for that shell. */
/** Where the command's own output goes: stdout to stdout and stderr to stderr, as it wrote them. */
export type PassThrough = (text: string, stream: 'stdout' | 'stderr') => void

const passThrough: PassThrough = (text, stream) =>
  void (stream === 'stdout' ? process.stdout.write(text) : process.stderr.write(text))

export async function healCommand(
  argv: string[],
  flags: HealFlags,
  io: CliIO,
  onOutput: PassThrough = passThrough
): Promise<number> {
  const startedAt = new Date()
  const format = parseFormat(flags.format)
  const command = flags.shell && flags.shell !== 'none' ? argv.join(' ') : JSON.stringify(argv)
  const { constantDelay, ...rest } = flags
  const options = parseHealOptions({
    ...rest,
    constantDelay: flagValue(constantDelay),
    command,
    shell: flags.shell ?? 'none'
  })
  const rules = await loadRules(
    flags.rules,
    options.workingDirectory ?? process.cwd(),
    BUILTIN_RULES
  )
  const cwd = path.resolve(options.workingDirectory ?? '.')
  const sentinel = flags.healDependencies ?? true
  const audit = sentinel
    ? await loadAuditConfig(flags.auditConfig && path.resolve(cwd, flags.auditConfig))
    : undefined
  const cancel = cancelSignal()
  const journal = await heal(options, {
    rules,
    ...(audit ? { fixer: dependencyFixer(cwd, audit, text => process.stderr.write(text)) } : {}),
    signal: cancel.signal,
    onOutput,
    onAttempt: (attempt, phase) =>
      io.err(
        phase === 'start'
          ? describeStart(attempt, options.policy.maxAttempts)
          : describeEnd(attempt)
      )
  }).finally(cancel.dispose)
  const results = await emitStage(io, format, {
    stage: 'heal',
    status: healStatus(journal),
    payload: journal,
    startedAt,
    ...(flags.resultsDir ? { dir: flags.resultsDir } : {})
  })
  if (format === 'markdown') io.out(healMarkdown(journal))
  else if (format === 'text') errText(io, verdictText(journal))
  return stepPasses(results.status, { failOnWarn: !!flags.failOnFlaky }) ? EXIT.ok : EXIT.failed
}

/** Registers the command; option names are the action's input names. */
export function registerHeal(
  program: Command,
  io: CliIO,
  done: (code: Promise<number>) => void
): void {
  const d = HEAL_DEFAULTS
  const command = program
    .command('heal')
    .description(
      'run a command; classify failures, heal and retry with backoff (chaos-ci heal [options] -- CMD ARGS…)'
    )
    .argument('<command...>', 'the command and its arguments (after --)')
    .option(
      `--${HEAL_INPUTS.shell} <shell>`,
      'run the arguments as one script in bash, sh, python or node (default: no shell)'
    )
    .option(`--${HEAL_INPUTS.workingDirectory} <dir>`, 'directory to run in')
    .option(`--${HEAL_INPUTS.maxAttempts} <n>`, `attempts in all (default ${d.maxAttempts})`)
    .option(
      `--${HEAL_INPUTS.retryDelay} <s>`,
      `base delay before a retry (default ${d.retryDelay})`
    )
    .option(`--${HEAL_INPUTS.maxDelay} <s>`, `cap on the delay (default ${d.maxDelay})`)
    .option(
      `--${HEAL_INPUTS.timeoutSeconds} <s>`,
      'per-attempt timeout; the whole process tree is ended (default none)'
    )
    .option(`--${HEAL_INPUTS.totalTimeoutSeconds} <s>`, 'deadline for everything (default none)')
    .option(
      `--${HEAL_INPUTS.retryOn} <list>`,
      'categories and exit codes to retry (default: as the rules say)'
    )
    .option(`--${HEAL_INPUTS.rules} <yaml-or-file>`, 'extra classification rules')
    .option(
      `--${HEAL_INPUTS.healthUrl} <url>`,
      'health endpoint to wait for before retrying a health_check failure'
    )
    .option(
      `--${HEAL_INPUTS.healthTimeoutSeconds} <s>`,
      `how long to wait for health (default ${d.healthTimeoutSeconds})`
    )
    .option(
      `--${HEAL_INPUTS.cooldownSeconds} <s>`,
      `cooldown after an injection failure (default ${d.cooldownSeconds})`
    )
    .option(`--${HEAL_INPUTS.preRetryCommand} <script>`, 'bash script run before every retry')
    .option(
      `--${HEAL_INPUTS.onDependencyFailure} <script>`,
      'bash script that fixes a missing dependency (not run for a failure of another ecosystem)'
    )
    .option(
      `--${HEAL_INPUTS.onUnknown} <model|retry|stop>`,
      `a failure no rule matches: retry it when the corpus model reads it as network or health_check, always retry it with backoff, or stop (default ${d.onUnknown})`
    )
    .option(
      '--audit-config <file>',
      'audit config for the sentinel (package-map, site-packages, pip-args)'
    )
    .option(
      '--format <format>',
      'what to print on stdout at the end: text (verdict on stderr), json (the results file) or markdown',
      'text'
    )
    .option('--results-dir <dir>', 'also write a chaos-ci results file there')
  flag(command, HEAL_INPUTS.constantDelay, 'always wait exactly retry-delay (no backoff)')
  flag(
    command,
    'heal-dependencies',
    'let the dependency sentinel declare and install a safely mapped missing Python module (on by default)',
    true
  )
  flag(command, 'fail-on-flaky', 'exit 1 when the command passed only after a retry')
  command.action((argv: string[], flags: HealFlags) => done(healCommand(argv, flags, io)))
}
