/**
 * The `inject` action. Main: plan the scenarios, then (unless dry-run) run each one's lifecycle with
 * open-loop traffic through the fault proxy; every undo is saved to the step state as it is
 * registered. Post (always): run whatever undo main did not get to, from that saved state.
 */
import * as core from '@actions/core'

import { cancelSignal } from '../../core/exec/cancel.js'
import {
  injectMarkdown,
  injectVerdict,
  planText,
  resultText
} from '../../core/experiment/describe.js'
import { prepareInject, runInject } from '../../core/experiment/inject.js'
import { writeInterchange } from '../../core/experiment/interchange.js'
import { parsePending, runLeftovers } from '../../core/experiment/leftovers.js'
import { Rollback } from '../../core/experiment/rollback.js'
import { setOutputs } from '../../github/outputs.js'
import { writeStepResults } from '../../github/results.js'
import { runAction, runPost } from '../../github/run-action.js'
import { appendSummary } from '../../github/summary.js'
import { OUTPUTS, STATE } from './names.js'
import { readSettings } from './settings.js'

/** Entry point of actions/inject. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const startedAt = new Date()
    const settings = readSettings()
    const prepared = await prepareInject(settings, {
      env: process.env,
      onOutput: text => core.info(text.trimEnd())
    })
    core.info(planText(prepared.payload))
    let payload = prepared.payload
    if (!settings.dryRun) {
      core.saveState(STATE.pid, String(process.pid))
      const rollback = new Rollback(pending =>
        core.saveState(STATE.pending, JSON.stringify(pending))
      )
      const cancel = cancelSignal()
      try {
        payload = await runInject(prepared, settings, {
          env: process.env,
          rollback,
          signal: cancel.signal,
          log: line => core.info(line),
          onScenario: result => core.info(resultText(result))
        })
      } finally {
        cancel.dispose()
        await rollback.runAll()
      }
    }
    const file = await writeStepResults(settings.resultsDir, 'inject', payload, startedAt)
    await writeInterchange(payload, settings)
    setOutputs({
      [OUTPUTS.resultsFile]: file,
      [OUTPUTS.scenariosRun]: payload.summary.run,
      [OUTPUTS.scenariosFailed]: payload.summary.failed,
      [OUTPUTS.invalid]: payload.summary.invalid,
      [OUTPUTS.seed]: payload.seed,
      [OUTPUTS.mttrSeconds]: payload.summary.mttr_seconds ?? '',
      [OUTPUTS.junitFile]: settings.junitFile ?? ''
    })
    await appendSummary(injectMarkdown(payload))
    if (settings.dryRun) return
    const verdict = injectVerdict(payload)
    const bad = payload.summary.failed + payload.summary.invalid
    if (bad > 0 && settings.failOnFailure) core.setFailed(`chaos-ci inject: ${verdict}`)
    else if (bad > 0) core.warning(`chaos-ci inject: ${verdict}`)
    else core.info(`chaos-ci inject: ${verdict}`)
  })
}

/** Post entry of actions/inject: the last-resort rollback. */
export async function post(): Promise<void> {
  await runPost(async () => {
    const { pending, problem } = parsePending(core.getState(STATE.pending))
    if (problem) core.warning(`chaos-ci inject post: ${problem}`)
    if (pending.length === 0) {
      core.info('chaos-ci inject post: nothing was left to roll back')
      return
    }
    const mainPid = Number(core.getState(STATE.pid)) || undefined
    core.info(`chaos-ci inject post: ${pending.length} undo(s) left by the main step; running them`)
    const reports = await runLeftovers(pending, {
      env: process.env,
      ...(mainPid ? { mainPid } : {}),
      log: line => core.info(line)
    })
    for (const report of reports) {
      if (report.ok) core.info(`  ${report.name}: done (${report.ms} ms)`)
      else core.warning(`chaos-ci inject post: ${report.name} failed: ${report.error}`)
    }
  })
}
