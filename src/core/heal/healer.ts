/**
 * The healing runner: run the command; on failure classify it, decide, heal, back off and retry.
 * Every attempt is journaled. Phases are small named functions; the loop only sequences them.
 */
import { backoffDelay } from '../backoff.js'
import { type Clock, type Random, realClock } from '../clock.js'
import { argvOf, type CommandResult, type CommandSpec, runCommand } from '../exec/run-command.js'
import { type Classification, classify, exitStatus } from './classify.js'
import { missingModule } from './failure-line.js'
import { type AttemptRecord, excerptOf, type HealJournal, newAttempt } from './journal.js'
import { MODEL_RETRIES, MODEL_SOURCE, modelClassification } from './model/classification.js'
import { modelStoppedStep, nextStep, TOTAL_TIMEOUT_STEP } from './next-step.js'
import type { HealOptions } from './options.js'
import { decide, type Decision, ON_UNKNOWN_STOP_REASON, TOTAL_TIMEOUT_REASON } from './policy.js'
import { type AttemptTrace, lastLine, type Repeat, repeatOf, timeoutShape } from './repeats.js'
import { type Category, type Rule, UNKNOWN_RULE } from './rules.js'
import { applyStrategy, type DependencyFixer, type StrategyOutcome } from './strategies.js'

export interface HealDeps {
  rules: readonly Rule[]
  env?: NodeJS.ProcessEnv
  clock?: Clock
  random?: Random
  /** The dependency sentinel, for dependency failures without an on-dependency-failure command. */
  fixer?: DependencyFixer
  /** Runs each attempt; the real process runner by default. */
  runner?: typeof runCommand
  /** Cancels the run (SIGINT/SIGTERM): the running attempt's tree is ended, nothing is retried. */
  signal?: AbortSignal
  /** Live output of the command and helper commands. */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void
  /** Called when an attempt starts and when it is complete (for the attempt log). */
  onAttempt?: (attempt: AttemptRecord, phase: 'start' | 'end') => void
}

/** A human-readable form of the command, for logs and the journal. */
export function commandText(spec: CommandSpec): string {
  return 'script' in spec
    ? spec.script
    : argvOf(spec)
        .map(arg => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg)))
        .join(' ')
}

function complete(attempt: AttemptRecord, result: CommandResult): void {
  Object.assign(attempt, {
    duration_ms: result.durationMs,
    exit_code: result.exitCode,
    signal: result.signal,
    timed_out: result.timedOut,
    cancelled: result.cancelled,
    output_chars: result.outputChars,
    killed_pids: result.killed
  })
}

/** The journal of a run that has not started: every field present. */
function newJournal(options: HealOptions): HealJournal {
  return {
    command: commandText(options.command),
    outcome: 'failed',
    healed: false,
    cancelled: false,
    attempts: [],
    category: null,
    exit_code: null,
    duration_ms: 0,
    max_attempts: options.policy.maxAttempts
  }
}

/** Ends the healing at `attempt`: why, what the failure really is, and what a person must do. */
function stopAt(
  journal: HealJournal,
  attempt: AttemptRecord,
  reason: string,
  stop: { category?: Category; nextStep?: string; cancelled?: boolean } = {}
): void {
  if (stop.category) attempt.category = stop.category
  Object.assign(attempt, {
    decision: 'stop',
    reason,
    next_step: stop.cancelled
      ? null
      : (stop.nextStep ??
        nextStep(attempt.category!, attempt.matched_line, attempt.rule_source === MODEL_SOURCE))
  })
  journal.category = attempt.category
}

/** Records the classification of a failed attempt. */
function classifyAttempt(
  attempt: AttemptRecord,
  result: CommandResult,
  rules: readonly Rule[]
): Classification {
  const ruled = classify({ ...result, timedOut: attempt.timed_out }, rules)
  // no rule matched: the corpus model names the likeliest category (on-unknown decides the retry)
  const found =
    ruled.rule === UNKNOWN_RULE ? modelClassification(result, exitStatus(result)) : ruled
  Object.assign(attempt, {
    category: found.rule.category,
    rule: found.rule.name,
    rule_source: found.rule.source,
    matched_line: found.line,
    matched_line_number: found.lineNumber,
    score: found.score,
    why: found.why,
    runner_up: found.runnerUp && {
      rule: found.runnerUp.rule.name,
      category: found.runnerUp.rule.category,
      line: found.runnerUp.line,
      line_number: found.runnerUp.lineNumber,
      score: found.runnerUp.score
    },
    excerpt: excerptOf(found.text, found.lineNumber)
  })
  return found
}

interface Run {
  options: HealOptions
  deps: HealDeps
  clock: Clock
  random: Random
  signal?: AbortSignal
  remaining: () => number
  run: RetryContext['run']
}

/** Whether to retry: the policy, what the sentinel can fix, and whether the failure repeats itself. */
async function decideAttempt(
  found: Classification,
  number: number,
  status: number | null,
  repeat: Repeat | undefined,
  { options, deps, remaining }: Run
): Promise<Decision & { nextStep?: string }> {
  const fixable =
    found.rule.strategy === 'fix-dependencies' && !options.onDependencyFailure && deps.fixer
      ? await deps.fixer.plan(found.line)
      : undefined
  const decision = decide(options.policy, found, {
    attempt: number,
    status,
    remainingMs: remaining(),
    cancelled: !!deps.signal?.aborted,
    canFixDependencies: !!options.onDependencyFailure || !!fixable?.fixable
  })
  // say what to add by hand when the sentinel cannot fix it safely
  if (fixable && !fixable.fixable && !decision.retry)
    return { ...decision, reason: `${decision.reason}; ${fixable.detail}` }
  if (decision.retry && repeat) return { retry: false, ...repeat }
  if (decision.reason === TOTAL_TIMEOUT_REASON) return { ...decision, nextStep: TOTAL_TIMEOUT_STEP }
  if (
    decision.reason === ON_UNKNOWN_STOP_REASON &&
    found.rule.source === MODEL_SOURCE &&
    MODEL_RETRIES.includes(found.rule.category)
  )
    return { ...decision, nextStep: modelStoppedStep(found.rule.category) }
  return decision
}

/** Runs the command with healing and returns the journal. */
export async function heal(options: HealOptions, deps: HealDeps): Promise<HealJournal> {
  const clock = deps.clock ?? realClock
  const started = clock.now()
  const total = options.totalTimeoutMs > 0 ? AbortSignal.timeout(options.totalTimeoutMs) : undefined
  const signals = [deps.signal, total].filter((s): s is AbortSignal => !!s)
  const signal = signals.length ? AbortSignal.any(signals) : undefined
  const context: Run = {
    options,
    deps,
    clock,
    random: deps.random ?? Math.random,
    ...(signal ? { signal } : {}),
    remaining: () =>
      options.totalTimeoutMs > 0 ? options.totalTimeoutMs - (clock.now() - started) : Infinity,
    run: { cwd: options.workingDirectory, env: deps.env, signal, onOutput: deps.onOutput }
  }
  const journal = newJournal(options)
  let previous: AttemptTrace | undefined
  for (let number = 1; ; number++) {
    const attempt = newAttempt(number, new Date())
    journal.attempts.push(attempt)
    deps.onAttempt?.(attempt, 'start')
    const result = await (deps.runner ?? runCommand)(options.command, {
      ...context.run,
      timeoutMs: options.timeoutMs || undefined
    })
    complete(attempt, result)
    // the total deadline ends an attempt like its own timeout; a user's cancel is a cancel
    if (result.cancelled && total?.aborted && !deps.signal?.aborted)
      Object.assign(attempt, { timed_out: true, cancelled: false })
    journal.exit_code = exitStatus(result)
    if (result.exitCode === 0 && !result.cancelled) {
      attempt.excerpt = excerptOf(result.output, null, 3)
      deps.onAttempt?.(attempt, 'end')
      journal.outcome = number === 1 ? 'passed' : 'flaky-pass'
      journal.healed = number > 1
      break
    }
    const found = classifyAttempt(attempt, result, deps.rules)
    journal.category ??= found.rule.category
    const trace: AttemptTrace = {
      timedOut: attempt.timed_out,
      lastLine: lastLine(result.output),
      ...(missingModule(found.line) ? { missing: missingModule(found.line)!.name } : {}),
      ...(found.rule.category === 'timeout' && found.line
        ? { toolTimeout: timeoutShape(found.line) }
        : {})
    }
    const decision = await decideAttempt(
      found,
      number,
      journal.exit_code,
      repeatOf(previous, trace),
      context
    )
    if (!decision.retry) {
      journal.cancelled = !!deps.signal?.aborted
      stopAt(journal, attempt, decision.reason, {
        ...(decision.nextStep ? { nextStep: decision.nextStep } : {}),
        cancelled: journal.cancelled
      })
      deps.onAttempt?.(attempt, 'end')
      break
    }
    Object.assign(attempt, { decision: 'retry', reason: decision.reason })
    const strategy = await healBeforeRetry(attempt, found, number, context)
    previous = { ...trace, ...(strategy.fixedModule ? { fixed: strategy.fixedModule } : {}) }
    if (strategy.stop) stopAt(journal, attempt, strategy.stop.reason, strategy.stop)
    else if (signal?.aborted) {
      journal.cancelled = !!deps.signal?.aborted
      stopAt(
        journal,
        attempt,
        journal.cancelled ? 'cancelled while healing' : TOTAL_TIMEOUT_REASON,
        { cancelled: journal.cancelled, nextStep: TOTAL_TIMEOUT_STEP }
      )
    }
    deps.onAttempt?.(attempt, 'end')
    if (attempt.decision === 'stop') break
  }
  journal.duration_ms = Math.round(clock.now() - started)
  return journal
}

interface RetryContext {
  run: {
    cwd?: string
    env?: NodeJS.ProcessEnv
    signal?: AbortSignal
    onOutput?: HealDeps['onOutput']
  }
}

/** The healing phase: strategy, then (unless it stops or waited) the backoff delay, then pre-retry. */
async function healBeforeRetry(
  attempt: AttemptRecord,
  found: Classification,
  failuresInARow: number,
  { options, deps, clock, random, signal, remaining, run }: Run
): Promise<StrategyOutcome> {
  const rule = found.rule
  const strategy = await applyStrategy(rule.strategy, {
    command: options.command,
    ...(deps.fixer ? { fixer: deps.fixer } : {}),
    failureLine: found.line,
    ...(options.health ? { health: options.health } : {}),
    cooldownMs: options.cooldownMs,
    ...(options.onDependencyFailure ? { fixCommand: options.onDependencyFailure } : {}),
    run,
    clock,
    ...(signal ? { signal } : {})
  })
  Object.assign(attempt, {
    strategy: rule.strategy,
    strategy_outcome: strategy.outcome,
    strategy_detail: strategy.detail,
    dependency_changes: strategy.changes ?? []
  })
  if (strategy.stop) return strategy
  if (!strategy.waited) {
    attempt.delay_ms = Math.min(
      backoffDelay(options.policy.backoff, failuresInARow, random),
      Math.max(0, remaining())
    )
    await clock.sleep(attempt.delay_ms, signal)
  }
  if (options.preRetryCommand && !signal?.aborted) {
    const pre = await runCommand(options.preRetryCommand, { ...run, timeoutMs: 10 * 60_000 })
    attempt.pre_retry_exit_code = exitStatus(pre)
  }
  return strategy
}
