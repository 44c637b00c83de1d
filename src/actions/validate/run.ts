/**
 * The `validate` action: judge inject's measured results against the SLOs (scenario file, environment,
 * per-scenario and inline) and against the scenario's own history; write the results file, the job
 * summary, annotations and JUnit; fail only on blocking failures (and invalid scenarios, per policy).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

import * as core from '@actions/core'

import { junitContext } from '../../core/junit.js'
import {
  validateAnnotations,
  validateJunit,
  validateMarkdown,
  validateVerdict
} from '../../core/validate/describe.js'
import { executeValidate } from '../../core/validate/execute.js'
import type { ValidateOptions } from '../../core/validate/options.js'
import { annotate } from '../../github/annotations.js'
import { defaultBranch } from '../../github/event.js'
import { setOutputs } from '../../github/outputs.js'
import { writeStepResults } from '../../github/results.js'
import { runAction } from '../../github/run-action.js'
import { appendSummary } from '../../github/summary.js'
import type { StageOutcome } from '../stage.js'
import { OUTPUTS } from './names.js'
import { readSettings } from './settings.js'

/** The validate stage: judge, then the results file, JUnit, annotations and the summary. */
export async function validateStage(settings: ValidateOptions): Promise<StageOutcome> {
  const startedAt = new Date()
  const branch = defaultBranch()
  const { status, payload } = await executeValidate(settings, {
    ...(branch ? { defaultBranch: branch } : {}),
    ...(process.env.GITHUB_RUN_ID ? { runId: process.env.GITHUB_RUN_ID } : {})
  })
  if (payload.history.note) core.info(payload.history.note)
  const file = await writeStepResults(settings.resultsDir, 'validate', status, payload, startedAt)
  if (settings.junitFile) {
    await mkdir(path.dirname(settings.junitFile), { recursive: true })
    await writeFile(settings.junitFile, validateJunit(payload, junitContext(startedAt)))
  }
  annotate(validateAnnotations(payload).map(a => ({ ...a, title: 'chaos-ci validate' })))
  await appendSummary(validateMarkdown(payload, status))
  const verdict = validateVerdict(payload, status)
  if (status.status === 'insufficient-data' && payload.passed)
    core.warning(`chaos-ci validate: ${verdict}`)
  return {
    status,
    ok: payload.passed,
    verdict,
    outputs: {
      [OUTPUTS.passed]: payload.passed,
      [OUTPUTS.status]: status.status,
      [OUTPUTS.failedSlos]: payload.summary.failed_slos,
      [OUTPUTS.warnedSlos]: payload.summary.warned_slos,
      [OUTPUTS.regressions]: payload.summary.regressions,
      [OUTPUTS.resultsFile]: file,
      [OUTPUTS.junitFile]: settings.junitFile ?? ''
    }
  }
}

/** Entry point of actions/validate. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const { ok, verdict, outputs } = await validateStage(readSettings())
    setOutputs(outputs)
    if (ok) core.info(`chaos-ci validate: ${verdict}`)
    else core.setFailed(`chaos-ci validate: ${verdict}`)
  })
}
