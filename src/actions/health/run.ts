/**
 * The `health` action: wait until the service answers as expected, then report. Main only; no post.
 * Recipe: read settings → wait (core) → results file, summary (the stage the root pipeline shares)
 * → outputs → verdict.
 */
import * as core from '@actions/core'

import { cancelSignal } from '../../core/exec/cancel.js'
import {
  decidingEndpoint,
  describeProbe,
  healthMarkdown,
  healthText
} from '../../core/health/describe.js'
import { healthPayload, healthStatus } from '../../core/health/payload.js'
import { waitForHealthy } from '../../core/health/wait.js'
import { stepPasses } from '../../core/results/status.js'
import { setOutputs } from '../../github/outputs.js'
import { writeStepResults } from '../../github/results.js'
import { runAction } from '../../github/run-action.js'
import { appendSummary } from '../../github/summary.js'
import type { StageOutcome } from '../stage.js'
import { OUTPUTS } from './names.js'
import { type HealthSettings, readSettings } from './settings.js'

/** The health stage: wait, then write the results file and the summary. */
export async function healthStage(settings: HealthSettings): Promise<StageOutcome> {
  const startedAt = new Date()
  const { requiredSuccesses, urls } = settings.health
  core.info(
    `Waiting for ${urls.length} endpoint(s) to answer ${settings.health.expectedStatus.text} ${requiredSuccesses}× in a row`
  )
  const cancel = cancelSignal()
  core.startGroup('Probes')
  const report = await waitForHealthy(settings.health, {
    signal: cancel.signal,
    onProbe: (endpoint, round) => core.info(describeProbe(endpoint, round))
  }).finally(() => {
    cancel.dispose()
    core.endGroup()
  })
  const deciding = decidingEndpoint(report)
  const status = healthStatus(report)
  const file = await writeStepResults(
    settings.resultsDir,
    'health',
    status,
    healthPayload(settings.health, report),
    startedAt
  )
  await appendSummary(healthMarkdown(report, requiredSuccesses))
  return {
    status,
    ok: stepPasses(status.status),
    verdict: healthText(report, requiredSuccesses),
    outputs: {
      [OUTPUTS.healthy]: report.healthy,
      [OUTPUTS.attempts]: report.attempts,
      [OUTPUTS.elapsedMs]: report.elapsedMs,
      [OUTPUTS.endpoint]: deciding?.url,
      [OUTPUTS.lastStatus]: deciding?.lastStatus,
      [OUTPUTS.lastError]: deciding?.lastError,
      [OUTPUTS.resultsFile]: file
    }
  }
}

/** Entry point of actions/health. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const settings = readSettings()
    const { ok, verdict, outputs } = await healthStage(settings)
    setOutputs(outputs)
    if (ok) core.info(verdict)
    else if (settings.failOnUnhealthy) core.setFailed(`Service ${verdict}`)
    else core.warning(`Service ${verdict}`)
  })
}
