/**
 * The healing runner: run the command; on failure classify it, decide, heal, back off and retry.
 * Every attempt is journaled. Phases are small named functions; the loop only sequences them.
 */
import { backoffDelay } from '../backoff.js'
import { type Clock, type Random, realClock } from '../clock.js'
import { argvOf, type CommandResult, type CommandSpec, runCommand } from '../exec/run-command.js'
import { type Classification, classify, exitStatus } from './classify.js'
import { type AttemptRecord, excerptOf, type HealJournal, newAttempt } from './journal.js'
import type { HealOptions } from './options.js'
import { decide } from './policy.js'
import type { Rule } from './rules.js'
import { applyStrategy, type DependencyFixer } from './strategies.js'

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

/** Runs the command with healing and returns the journal. */
export async function heal(options: HealOptions, deps: HealDeps): Promise<HealJournal> {
  const clock = deps.clock ?? realClock
  const random = deps.random ?? Math.random
  const started = clock.now()
  const total = options.totalTimeoutMs > 0 ? AbortSignal.timeout(options.totalTimeoutMs) : undefined
  const signal = [deps.signal, total].filter(Boolean).length
    ? AbortSignal.any([deps.signal, total].filter((s): s is AbortSignal => !!s))
    : undefined
  const remaining = (): number =>
    options.totalTimeoutMs > 0 ? options.totalTimeoutMs - (clock.now() - started) : Infinity
  const run = { cwd: options.workingDirectory, env: deps.env, signal, onOutput: deps.onOutput }
  const journal: HealJournal = {
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
  let failuresInARow = 0
  for (let number = 1; ; number++) {
    const attempt = newAttempt(number, new Date())
    journal.attempts.push(attempt)
    deps.onAttempt?.(attempt, 'start')
    const result = await (deps.runner ?? runCommand)(options.command, {
      ...run,
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
    const found = classify({ ...result, timedOut: attempt.timed_out }, deps.rules)
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
    journal.category ??= found.rule.category
    const fixable =
      found.rule.strategy === 'fix-dependencies' && !options.onDependencyFailure && deps.fixer
        ? await deps.fixer.plan(found.line)
        : undefined
    const decision = decide(options.policy, found, {
      attempt: number,
      status: journal.exit_code,
      remainingMs: remaining(),
      cancelled: !!deps.signal?.aborted,
      canFixDependencies: !!options.onDependencyFailure || !!fixable?.fixable
    })
    // say what to add by hand when the sentinel cannot fix it safely
    if (fixable && !fixable.fixable && !decision.retry)
      decision.reason = `${decision.reason}; ${fixable.detail}`
    Object.assign(attempt, { decision: decision.retry ? 'retry' : 'stop', reason: decision.reason })
    if (!decision.retry) {
      journal.category = found.rule.category
      journal.cancelled = !!deps.signal?.aborted
      deps.onAttempt?.(attempt, 'end')
      break
    }
    failuresInARow++
    await healBeforeRetry(attempt, found, options, {
      fixer: deps.fixer,
      run,
      clock,
      random,
      signal,
      failuresInARow,
      remaining
    })
    deps.onAttempt?.(attempt, 'end')
    if (attempt.strategy === 'fix-dependencies' && attempt.strategy_outcome === 'failed') {
      Object.assign(attempt, {
        decision: 'stop',
        reason: 'the dependency fix failed: a retry would change nothing'
      })
      break
    }
    if (signal?.aborted) {
      journal.cancelled = !!deps.signal?.aborted
      attempt.decision = 'stop'
      attempt.reason = journal.cancelled
        ? 'cancelled while healing'
        : 'the total timeout is reached'
      break
    }
  }
  journal.duration_ms = Math.round(clock.now() - started)
  return journal
}

interface RetryContext {
  fixer?: DependencyFixer | undefined
  run: {
    cwd?: string
    env?: NodeJS.ProcessEnv
    signal?: AbortSignal
    onOutput?: HealDeps['onOutput']
  }
  clock: Clock
  random: Random
  signal?: AbortSignal
  failuresInARow: number
  remaining: () => number
}

/** The healing phase: strategy, then the backoff delay (unless the strategy waited), then pre-retry. */
async function healBeforeRetry(
  attempt: AttemptRecord,
  found: Classification,
  options: HealOptions,
  context: RetryContext
): Promise<void> {
  const rule = found.rule
  const strategy = await applyStrategy(rule.strategy, {
    ...(context.fixer ? { fixer: context.fixer } : {}),
    failureLine: found.line,
    ...(options.health ? { health: options.health } : {}),
    cooldownMs: options.cooldownMs,
    ...(options.onDependencyFailure ? { fixCommand: options.onDependencyFailure } : {}),
    run: context.run,
    clock: context.clock,
    ...(context.signal ? { signal: context.signal } : {})
  })
  Object.assign(attempt, {
    strategy: rule.strategy,
    strategy_outcome: strategy.outcome,
    strategy_detail: strategy.detail,
    dependency_changes: strategy.changes ?? []
  })
  if (!strategy.waited) {
    attempt.delay_ms = Math.min(
      backoffDelay(options.policy.backoff, context.failuresInARow, context.random),
      Math.max(0, context.remaining())
    )
    await context.clock.sleep(attempt.delay_ms, context.signal)
  }
  if (options.preRetryCommand && !context.signal?.aborted) {
    const pre = await runCommand(options.preRetryCommand, {
      ...context.run,
      timeoutMs: 10 * 60_000
    })
    attempt.pre_retry_exit_code = exitStatus(pre)
  }
}
