/**
 * `chaos-ci inject [options]`: the inject action from a terminal. Progress goes to stderr; the plan
 * or the results go to stdout in the chosen format. Ctrl-C rolls the current fault back and stops.
 * First it runs what a killed run left in the state file; then every undo it registers is saved
 * there, for the next run or `chaos-ci rollback` (cli/rollback-state.ts).
 * Exit 0 all passed (or a dry run), 1 a scenario failed or was invalid or no scenario's fault ran
 * (unless --on-nothing-ran warn), 2 bad input.
 */
import type { Command } from 'commander'

import { injectExit } from '../../core/exit-codes.js'
import { injectMarkdown, injectVerdict } from '../../core/experiment/describe.js'
import { executeInject } from '../../core/experiment/inject.js'
import { writeInterchange } from '../../core/experiment/interchange.js'
import {
  INJECT_DEFAULTS,
  INJECT_INPUTS,
  parseInjectOptions,
  type RawInjectOptions
} from '../../core/experiment/options.js'
import type { InjectPayload } from '../../core/experiment/payload.js'
import { injectStatus } from '../../core/experiment/result.js'
import type { Rollback } from '../../core/experiment/rollback.js'
import { stepPasses } from '../../core/results/status.js'
import { flag, flagValue } from '../flags.js'
import { type CliIO, errText, EXIT, parseFormat } from '../output.js'
import {
  DEFAULT_STATE_FILE,
  openRunState,
  type RunState,
  STATE_FILE_ENV,
  stateFilePath,
  undoLeftoversFirst
} from '../rollback-state.js'
import { emitStage } from '../stage.js'

/** The inject inputs that are flags on the command line. */
type FlagKey = 'dryRun' | 'allowDestructive' | 'allowRemoteTarget'

type InjectFlags = Omit<RawInjectOptions, FlagKey> &
  Partial<Record<FlagKey, boolean>> & { format: string; stateFile?: string }

/** Runs the stage; `registry` is the demo's (which did the leftovers and owns the state file). */
export async function injectCommand(
  flags: InjectFlags,
  io: CliIO,
  registry?: Rollback
): Promise<number> {
  const startedAt = new Date()
  const format = parseFormat(flags.format)
  const {
    format: _format,
    resultsDir,
    stateFile,
    dryRun,
    allowDestructive,
    allowRemoteTarget,
    ...raw
  } = flags
  void _format
  const options = parseInjectOptions({
    ...raw,
    dryRun: flagValue(dryRun),
    allowDestructive: flagValue(allowDestructive),
    allowRemoteTarget: flagValue(allowRemoteTarget),
    resultsDir
  })
  // results go where validate looks by default; a dry run touches nothing unless told where
  const dir = resultsDir ?? (options.dryRun ? undefined : options.resultsDir)
  const log = (line: string): void => io.err(line)
  // the demo did the leftovers and owns the state file; a dry run registers nothing
  let run: RunState | null = null
  if (!registry && options.dryRun) await undoLeftoversFirst(stateFilePath(stateFile), 'inject', log)
  else if (!registry) run = await openRunState(stateFilePath(stateFile), 'inject', log)
  let payload: InjectPayload
  try {
    const rollback = registry ?? run?.rollback
    payload = await executeInject(options, {
      env: process.env,
      log,
      ...(rollback ? { rollback } : {})
    })
  } finally {
    run?.release()
  }
  const results = await emitStage(io, format, {
    stage: 'inject',
    status: injectStatus(payload),
    payload,
    startedAt,
    ...(dir ? { dir } : {})
  })
  await writeInterchange(payload, options)
  if (format === 'markdown') io.out(injectMarkdown(payload))
  if (options.dryRun) return EXIT.ok
  errText(io, `chaos-ci inject: ${injectVerdict(payload)}`)
  return stepPasses(results.status, { onEmpty: options.onNothingRan })
    ? EXIT.ok
    : injectExit(payload)
}

/** Registers the command; option names are the action's input names. */
export function registerInject(
  program: Command,
  io: CliIO,
  done: (code: Promise<number>) => void
): void {
  const d = INJECT_DEFAULTS
  const i = INJECT_INPUTS
  const command = program
    .command('inject')
    .description('run chaos scenarios against a service with open-loop traffic; always roll back')
    .option(`--${i.config} <file>`, `the scenario file (default ${d.config})`)
    .option(`--${i.targetUrl} <url>`, 'the service under test, e.g. http://127.0.0.1:8000')
    .option(`--${i.healthPath} <path>`, 'the steady-state endpoint (default: from the file)')
    .option(`--${i.group} <name>`, 'only this scenario group')
    .option(
      `--${i.scenario} <names>`,
      'only these scenarios: names or patterns with *, comma-separated'
    )
    .option(`--${i.intensity} <level>`, 'only light, medium or heavy scenarios')
    .option(`--${i.environment} <name>`, "apply this environment's SLOs and allowed_scenarios")
    .option(`--${i.seed} <n>`, 'seed of the per-request fault decisions (default: fresh, printed)')
    .option(`--${i.rate} <rps>`, `requests per second (default ${d.rate})`)
    .option(`--${i.requests} <lines>`, 'requests to send, one per line: METHOD /path [body]')
    .option(
      `--${i.requestTimeoutSeconds} <s>`,
      `request timeout (default ${d.requestTimeoutSeconds})`
    )
    .option(
      `--${i.baselineSeconds} <s>`,
      `traffic before each fault (default ${d.baselineSeconds})`
    )
    .option(`--${i.sliceMs} <ms>`, `time slice width (default ${d.sliceMs})`)
    .option(
      `--${i.cooldownSeconds} <s>`,
      'pause between scenarios (default: from the file, else 5)'
    )
    .option(`--${i.command} <script>`, 'your own injector (bash), run as each scenario’s fault')
    .option(`--${i.rollbackCommand} <script>`, 'undoes --command')
    .option(`--${i.durationSeconds} <s>`, 'fault duration when --command runs without a file')
    .option(`--${i.maxAttempts} <n>`, 'attempts the healer gives --command (default 1)')
    .option(
      `--${i.resultsDir} <dir>`,
      `write the inject results file here (default ${d.resultsDir}, where validate reads; a dry run writes none unless given)`
    )
    .option(`--${i.journalDir} <dir>`, 'write a Chaos Toolkit journal per scenario here')
    .option(`--${i.junitFile} <file>`, 'write JUnit XML here')
    .option(
      `--${i.onNothingRan} <policy>`,
      'when no scenario’s fault ran (all skipped): fail (default) or warn'
    )
    .option(
      '--format <format>',
      'stdout: text (nothing), json (the results file) or markdown',
      'text'
    )
    .option(
      '--state-file <file>',
      `where undos are saved for chaos-ci rollback (default $${STATE_FILE_ENV}, else ${DEFAULT_STATE_FILE})`
    )
  flag(command, i.dryRun, 'print the plan and touch nothing')
  flag(command, i.allowDestructive, 'run types listed in safety.require_confirmation')
  flag(command, i.allowRemoteTarget, 'allow a target-url that is not this machine')
  command.action((flags: InjectFlags) => done(injectCommand(flags, io)))
}
