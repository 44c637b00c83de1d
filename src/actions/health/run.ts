/**
 * The `health` action: wait until the service answers as expected, then report. Main only; no post.
 * Recipe: read settings → wait (core) → outputs, results file, summary → verdict.
 */
import * as core from '@actions/core'

import { cancelSignal } from '../../core/exec/cancel.js'
import {
  decidingEndpoint,
  describeProbe,
  healthMarkdown,
  healthText
} from '../../core/health/describe.js'
import { healthPayload } from '../../core/health/payload.js'
import { waitForHealthy } from '../../core/health/wait.js'
import { setOutputs } from '../../github/outputs.js'
import { writeStepResults } from '../../github/results.js'
import { runAction } from '../../github/run-action.js'
import { appendSummary } from '../../github/summary.js'
import { OUTPUTS } from './names.js'
import { readSettings } from './settings.js'

/** Entry point of actions/health. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const startedAt = new Date()
    const settings = readSettings()
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
    const file = await writeStepResults(
      settings.resultsDir,
      'health',
      healthPayload(settings.health, report),
      startedAt
    )
    setOutputs({
      [OUTPUTS.healthy]: report.healthy,
      [OUTPUTS.attempts]: report.attempts,
      [OUTPUTS.elapsedMs]: report.elapsedMs,
      [OUTPUTS.endpoint]: deciding?.url,
      [OUTPUTS.lastStatus]: deciding?.lastStatus,
      [OUTPUTS.lastError]: deciding?.lastError,
      [OUTPUTS.resultsFile]: file
    })
    await appendSummary(healthMarkdown(report, requiredSuccesses))
    const text = healthText(report, requiredSuccesses)
    if (report.healthy) core.info(text)
    else if (settings.failOnUnhealthy) core.setFailed(`Service ${text}`)
    else core.warning(`Service ${text}`)
  })
}
