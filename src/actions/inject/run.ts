/**
 * The `inject` action. Main: plan the scenarios, then (unless dry-run) run each one's lifecycle with
 * open-loop traffic through the fault proxy; every undo is saved to the step state as it is
 * registered. Post (always): run whatever undo main did not get to, from that saved state.
 */
import * as core from '@actions/core'

import { injectMarkdown, injectVerdict } from '../../core/experiment/describe.js'
import { executeInject } from '../../core/experiment/inject.js'
import { writeInterchange } from '../../core/experiment/interchange.js'
import { parsePending, runLeftovers } from '../../core/experiment/leftovers.js'
import type { InjectOptions } from '../../core/experiment/options.js'
import { injectStatus } from '../../core/experiment/result.js'
import { stepPasses } from '../../core/results/status.js'
import { setOutputs } from '../../github/outputs.js'
import { writeStepResults } from '../../github/results.js'
import { runAction, runPost } from '../../github/run-action.js'
import { appendSummary } from '../../github/summary.js'
import type { StageOutcome } from '../stage.js'
import { OUTPUTS, STATE } from './names.js'
import { readSettings } from './settings.js'

/**
 * The inject stage: plan, run (unless dry-run) with every undo saved to the step state as it is
 * registered, then the results file, the interchange files and the summary.
 */
export async function injectStage(settings: InjectOptions): Promise<StageOutcome> {
  const startedAt = new Date()
  if (!settings.dryRun) core.saveState(STATE.pid, String(process.pid))
  const payload = await executeInject(settings, {
    env: process.env,
    log: line => core.info(line),
    onPending: pending => core.saveState(STATE.pending, JSON.stringify(pending))
  })
  const status = injectStatus(payload)
  const file = await writeStepResults(settings.resultsDir, 'inject', status, payload, startedAt)
  await writeInterchange(payload, settings)
  await appendSummary(injectMarkdown(payload))
  const verdict = injectVerdict(payload)
  if (status.status === 'nothing-ran' && settings.onNothingRan === 'warn')
    core.warning(`chaos-ci inject: ${verdict} (on-nothing-ran is warn, so the step passes)`)
  return {
    status,
    ok: stepPasses(status.status, { onEmpty: settings.onNothingRan }),
    verdict,
    outputs: {
      [OUTPUTS.resultsFile]: file,
      [OUTPUTS.status]: status.status,
      [OUTPUTS.scenariosRun]: payload.summary.run,
      [OUTPUTS.scenariosFailed]: payload.summary.failed,
      [OUTPUTS.invalid]: payload.summary.invalid,
      [OUTPUTS.seed]: payload.seed,
      [OUTPUTS.mttrSeconds]: payload.summary.mttr_seconds ?? '',
      [OUTPUTS.junitFile]: settings.junitFile ?? ''
    }
  }
}

/** Entry point of actions/inject. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const settings = readSettings()
    const { ok, verdict, outputs } = await injectStage(settings)
    setOutputs(outputs)
    if (settings.dryRun) return
    if (!ok && settings.failOnFailure) core.setFailed(`chaos-ci inject: ${verdict}`)
    else if (!ok) core.warning(`chaos-ci inject: ${verdict}`)
    else core.info(`chaos-ci inject: ${verdict}`)
  })
}

/** Post of actions/inject and of the root pipeline: run the undos main did not get to. */
export async function rollbackLeftovers(label: string): Promise<void> {
  const { pending, problem } = parsePending(core.getState(STATE.pending))
  if (problem) core.warning(`${label}: ${problem}`)
  if (pending.length === 0) {
    core.info(`${label}: nothing was left to roll back`)
    return
  }
  const mainPid = Number(core.getState(STATE.pid)) || undefined
  core.info(`${label}: ${pending.length} undo(s) left by the main step; running them`)
  const reports = await runLeftovers(pending, {
    env: process.env,
    ...(mainPid ? { mainPid } : {}),
    log: line => core.info(line)
  })
  for (const report of reports) {
    if (report.ok) core.info(`  ${report.name}: done (${report.ms} ms): ${report.detail}`)
    else core.warning(`${label}: ${report.name} failed: ${report.error}`)
  }
}

/** Post entry of actions/inject: the last-resort rollback. */
export async function post(): Promise<void> {
  await runPost(() => rollbackLeftovers('chaos-ci inject post'))
}
