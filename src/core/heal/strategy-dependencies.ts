/**
 * fix-dependencies: run on-dependency-failure, or let the sentinel declare and install the module.
 * A fix for another ecosystem is not run; a sentinel install is checked by importing the module with
 * the step's own interpreter. Either way, a fix that cannot help stops the retries.
 */
import { ALREADY_SATISFIED } from '../audit/install.js'
import { runCommand } from '../exec/run-command.js'
import { commandEcosystem, type Ecosystem, failureEcosystem } from './ecosystem.js'
import { checkImport } from './import-check.js'
import type { StrategyContext, StrategyOutcome, StrategyStop } from './strategy-types.js'

const FIX_FAILED = 'the dependency fix failed: a retry would change nothing'

/** A fix command for each ecosystem, for the advice. */
const EXAMPLE_FIX: Record<Ecosystem, string> = {
  python: 'pip install -r requirements.txt',
  node: 'npm ci',
  go: 'go mod tidy',
  java: 'mvn dependency:resolve'
}

/** Why on-dependency-failure must not run for this failure, or undefined when it may. */
export function ecosystemMismatch(context: StrategyContext): StrategyStop | undefined {
  const failure = failureEcosystem(context.failureLine ?? null)
  const fix = context.fixCommand ? commandEcosystem(context.fixCommand) : undefined
  if (!failure || !fix || failure === fix) return undefined
  return {
    reason: `the failure is a ${failure} dependency but on-dependency-failure installs ${fix} packages: it was not run, and its exit code would prove nothing`,
    nextStep: `Make on-dependency-failure fix ${failure} dependencies (e.g. ${EXAMPLE_FIX[failure]}), or fix the missing ${failure} dependency the matched line names by hand.`
  }
}

/** Runs on-dependency-failure, unless it is for another ecosystem; without one, the sentinel. */
export async function fixDependencies(context: StrategyContext): Promise<StrategyOutcome> {
  if (!context.fixCommand) return sentinelFix(context)
  const mismatch = ecosystemMismatch(context)
  if (mismatch)
    return { outcome: 'skipped', detail: mismatch.reason, waited: false, stop: mismatch }
  const result = await (context.runner ?? runCommand)(context.fixCommand, {
    ...context.run,
    timeoutMs: 10 * 60_000
  })
  return result.exitCode === 0
    ? {
        outcome: 'done',
        detail: `on-dependency-failure passed in ${result.durationMs} ms`,
        waited: false
      }
    : {
        outcome: 'failed',
        detail: `on-dependency-failure failed (exit ${result.exitCode ?? result.signal})`,
        waited: false,
        stop: { reason: FIX_FAILED }
      }
}

/** Without a command: the sentinel declares and installs the one distribution, then imports it. */
async function sentinelFix(context: StrategyContext): Promise<StrategyOutcome> {
  if (!context.fixer)
    return { outcome: 'skipped', detail: 'no on-dependency-failure command', waited: false }
  const plan = await context.fixer.plan(context.failureLine ?? null)
  if (!plan.fixable)
    return { outcome: 'failed', detail: plan.detail, waited: false, stop: { reason: FIX_FAILED } }
  const changes = await context.fixer.apply(context.failureLine ?? null)
  const installed = changes.find(change => change.action === 'installed')
  if (!installed)
    return {
      outcome: 'failed',
      detail: `could not install ${plan.name}: ${changes.at(-1)?.reason ?? 'nothing was added'}`,
      waited: false,
      changes,
      stop: { reason: FIX_FAILED }
    }
  const check = await checkImport(plan.module, context.command, context.run, context.runner)
  if (check.ok)
    return {
      outcome: 'done',
      detail: `declared and installed ${plan.name} (${plan.detail}); ${check.command} works`,
      waited: false,
      changes,
      fixedModule: plan.module
    }
  const why = installed.reason.includes(ALREADY_SATISFIED)
    ? `pip said Requirement already satisfied: ${plan.name} is installed for another interpreter than ${check.interpreter}`
    : `${plan.name} went to another interpreter or environment than ${check.interpreter}'s`
  return {
    outcome: 'failed',
    detail: `installed ${plan.name}, but ${check.command} still fails (${check.error}): ${why}`,
    waited: false,
    changes,
    stop: {
      reason: `the installed ${plan.name} is not importable by ${check.interpreter}: a retry would fail the same way`,
      nextStep: `Install ${plan.name} for the interpreter the step runs (${check.interpreter} -m pip install ${plan.name}), or run the step with the Python pip installs into.`
    }
  }
}
