/**
 * The `heal` action: run a command with classified retries and keep the evidence. Main only; the
 * command's process tree is ended in-process on timeout or cancel, so no post step is needed.
 * Recipe: read settings → heal (core) → outputs, results file, summary → verdict.
 */
import path from 'node:path'

import * as core from '@actions/core'

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
import { healStatus } from '../../core/heal/journal.js'
import { commandEnv } from '../../github/command-env.js'
import { setOutputs } from '../../github/outputs.js'
import { writeStepResults } from '../../github/results.js'
import { runAction } from '../../github/run-action.js'
import { StepLog } from '../../github/step-log.js'
import { appendSummary } from '../../github/summary.js'
import { OUTPUTS } from './names.js'
import { readSettings } from './settings.js'

/** Entry point of actions/heal. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const startedAt = new Date()
    const settings = await readSettings()
    const cancel = cancelSignal()
    const cwd = path.resolve(settings.heal.workingDirectory ?? '.')
    const log = new StepLog()
    const journal = await heal(settings.heal, {
      rules: settings.rules,
      ...(settings.audit
        ? { fixer: dependencyFixer(cwd, settings.audit, text => log.write(text)) }
        : {}),
      env: commandEnv(),
      signal: cancel.signal,
      onOutput: text => log.write(text),
      onAttempt: (attempt, phase) => {
        if (phase === 'start')
          return log.startGroup(describeStart(attempt, settings.heal.policy.maxAttempts))
        log.endGroup()
        log.info(describeEnd(attempt))
      }
    }).finally(() => {
      cancel.dispose()
      log.endLine()
    })
    const status = healStatus(journal)
    const file = await writeStepResults(settings.resultsDir, 'heal', status, journal, startedAt)
    setOutputs({
      [OUTPUTS.exitCode]: journal.exit_code,
      [OUTPUTS.attempts]: journal.attempts.length,
      [OUTPUTS.category]: journal.category,
      [OUTPUTS.healed]: journal.healed,
      [OUTPUTS.outcome]: journal.outcome,
      [OUTPUTS.resultsFile]: file
    })
    await appendSummary(healMarkdown(journal))
    const verdict = healVerdict(journal)
    const next = healNextStep(journal)
    if (status.status === 'passed') core.info(verdict)
    else if (status.status === 'failed')
      core.setFailed(next ? `${verdict}\nWhat to do: ${next}` : verdict)
    else if (settings.failOnFlaky) core.setFailed(`${verdict} (fail-on-flaky is true)`)
    else core.warning(verdict, { title: 'chaos-ci heal: flaky pass' })
  })
}
