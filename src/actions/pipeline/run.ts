/**
 * The root action: the whole pipeline in one step, or the pre-push checks (`mode: check`).
 *
 * A JavaScript action with main and post rather than a composite, because only `post` is
 * guaranteed: it runs when main fails, times out or is cancelled. Main restores the history, then
 * runs health → audit → inject (the injector healed by its retry policy) → validate → comment, each
 * stage exactly as its own action runs it; every fault's undo is saved to the step state the
 * moment it is registered. Post runs whatever undo main did not get to, then records this run's
 * results files into the history and saves it — each on its own, so a failed rollback never costs
 * the history, and a failed save never skips a rollback.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

import * as core from '@actions/core'

import { checkMarkdown } from '../../core/check/describe.js'
import { runChecks } from '../../core/check/run.js'
import { describeError } from '../../core/errors.js'
import { escapeMarkdown, markdownTable } from '../../core/markdown.js'
import type { ResultStatus } from '../../core/results/status.js'
import { annotate } from '../../github/annotations.js'
import { setOutputs } from '../../github/outputs.js'
import { runAction, runPost } from '../../github/run-action.js'
import { appendSummary } from '../../github/summary.js'
import { auditStage } from '../audit/run.js'
import { OUTPUTS as COMMENT_OUTPUTS } from '../comment/names.js'
import { commentStage } from '../comment/run.js'
import { healthStage } from '../health/run.js'
import { restoreStage, saveStage } from '../history/run.js'
import { OUTPUTS as INJECT_OUTPUTS } from '../inject/names.js'
import { injectStage, rollbackLeftovers } from '../inject/run.js'
import type { StageOutcome } from '../stage.js'
import { validateStage } from '../validate/run.js'
import { OUTPUTS, STATE } from './names.js'
import {
  type PipelineSettings,
  readPostSettings,
  readSettings,
  type StageName,
  STAGES
} from './settings.js'

interface StageRecord {
  stage: StageName
  /** The status the stage set in its results file; for history and comment, which write none, its step's. */
  status: ResultStatus
  /** The stage's step passed (its status under its own policies). */
  ok: boolean
  verdict: string
}

/** Runs one stage; a thrown error is that stage's failure, not the pipeline's end. */
async function attempt(
  stage: StageName,
  body: () => Promise<StageOutcome>
): Promise<StageOutcome & { record: StageRecord }> {
  core.info(`── chaos-ci ${stage} ──`)
  try {
    const outcome = await body()
    core.info(`chaos-ci ${stage}: ${outcome.verdict}`)
    const status = outcome.status?.status ?? (outcome.ok ? 'passed' : 'failed')
    return { ...outcome, record: { stage, status, ok: outcome.ok, verdict: outcome.verdict } }
  } catch (error) {
    const message = describeError(error)
    core.error(`chaos-ci ${stage}: ${message}`)
    return {
      ok: false,
      verdict: message,
      outputs: {},
      record: { stage, status: 'failed', ok: false, verdict: message }
    }
  }
}

function stagesMarkdown(records: StageRecord[]): string {
  const mark: Record<ResultStatus, string> = {
    passed: '✅',
    warned: '⚠️',
    failed: '❌',
    'nothing-ran': '⚠️',
    'insufficient-data': '⚠️',
    planned: '📋',
    skipped: '⏭️'
  }
  return `### chaos-ci pipeline\n\n${markdownTable(
    ['stage', 'status', 'step', 'verdict'],
    records.map(r => [
      r.stage,
      `${mark[r.status]} ${r.status}`,
      r.status === 'skipped' ? '—' : r.ok ? 'passed' : 'failed',
      escapeMarkdown(r.verdict)
    ])
  )}\n`
}

async function runPipeline(settings: PipelineSettings): Promise<void> {
  const { stages } = settings
  const records: StageRecord[] = []
  const notRun = (stage: StageName, why: string): void => {
    records.push({ stage, status: 'skipped', ok: true, verdict: why })
  }
  for (const stage of settings.skipped) notRun(stage, 'skipped (skip input)')
  if (stages.history)
    records.push((await attempt('history', () => restoreStage(stages.history!))).record)
  let healthy = true
  if (stages.health) {
    const health = await attempt('health', () => healthStage(stages.health!))
    records.push(health.record)
    healthy = health.ok
  }
  if (stages.audit) records.push((await attempt('audit', () => auditStage(stages.audit!))).record)
  let injected = false
  if (stages.inject && !healthy) notRun('inject', 'the service is not healthy')
  else if (stages.inject) {
    const inject = await attempt('inject', () => injectStage(stages.inject!))
    records.push(inject.record)
    injected = inject.outputs[INJECT_OUTPUTS.resultsFile] !== undefined
  }
  if (stages.validate && stages.inject && !injected)
    notRun('validate', 'inject wrote no results to judge')
  else if (stages.validate)
    records.push((await attempt('validate', () => validateStage(stages.validate!))).record)
  // The comment (or, when skipped, just its body) is this run's report.
  let body = ''
  let commentUrl = ''
  const comment = await attempt('comment', async () => {
    const outcome = await commentStage(
      stages.comment ?? { results: settings.resultsDir, mode: 'update', required: false },
      { summary: false, post: !!stages.comment }
    )
    body = outcome.body
    commentUrl = String(outcome.outputs[COMMENT_OUTPUTS.commentUrl] ?? '')
    return outcome
  })
  if (stages.comment) records.push(comment.record)
  if (body) {
    await mkdir(path.dirname(settings.reportFile), { recursive: true })
    await writeFile(settings.reportFile, body)
  }
  records.sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage))
  const failed = records.filter(r => !r.ok).map(r => r.stage)
  await appendSummary(stagesMarkdown(records))
  setOutputs({
    [OUTPUTS.passed]: failed.length === 0,
    [OUTPUTS.failedStages]: failed.join(','),
    [OUTPUTS.resultsDir]: settings.resultsDir,
    [OUTPUTS.reportFile]: body ? settings.reportFile : '',
    [OUTPUTS.historyDb]: stages.history?.db ?? '',
    [OUTPUTS.commentUrl]: commentUrl
  })
  conclude(failed, settings.failOnFailure, `${records.length} stage(s)`)
}

/** The step's verdict: failed stages fail it (or warn, with fail-on-failure false). */
function conclude(failed: string[], failOnFailure: boolean, what: string): void {
  if (failed.length === 0) core.info(`chaos-ci: passed (${what})`)
  else if (failOnFailure) core.setFailed(`chaos-ci: failed: ${failed.join(', ')}`)
  else core.warning(`chaos-ci: failed: ${failed.join(', ')} (fail-on-failure is false)`)
}

async function runCheckMode(settings: PipelineSettings): Promise<void> {
  const { names, settings: checkSettings } = settings.check!
  const report = await runChecks(names, {
    settings: checkSettings,
    env: process.env,
    log: line => core.info(line)
  })
  for (const result of report.results)
    core.info(`${result.name}: ${result.status} — ${result.summary} (${result.ms} ms)`)
  annotate(
    report.results
      .filter(r => r.status === 'failed')
      .flatMap(r =>
        r.findings.map(f => ({
          level: 'error' as const,
          message: f.fix ? `${f.message} Fix: ${f.fix}` : f.message,
          ...(f.file ? { file: f.file } : {}),
          ...(f.line ? { line: f.line } : {}),
          title: `chaos-ci check: ${r.name}`
        }))
      )
  )
  const markdown = checkMarkdown(report)
  await mkdir(path.dirname(settings.reportFile), { recursive: true })
  await writeFile(settings.reportFile, markdown)
  await appendSummary(markdown)
  const failed = report.results.filter(r => r.status === 'failed').map(r => r.name)
  setOutputs({
    [OUTPUTS.passed]: report.passed,
    [OUTPUTS.failedStages]: failed.join(','),
    [OUTPUTS.resultsDir]: settings.resultsDir,
    [OUTPUTS.reportFile]: settings.reportFile,
    [OUTPUTS.historyDb]: '',
    [OUTPUTS.commentUrl]: ''
  })
  conclude(failed, settings.failOnFailure, `${report.results.length} check(s)`)
}

/** Entry point of the root action (main). */
export async function run(): Promise<void> {
  await runAction(async () => {
    const settings = await readSettings()
    core.saveState(STATE.ran, settings.mode)
    if (settings.mode === 'check') await runCheckMode(settings)
    else await runPipeline(settings)
  })
}

/** Entry point of the root action (post): the rollback, then the history — each on its own. */
export async function post(): Promise<void> {
  const mode = core.getState(STATE.ran)
  if (mode !== 'run') {
    core.info('chaos-ci post: no pipeline ran; nothing to roll back or save')
    return
  }
  await runPost(() => rollbackLeftovers('chaos-ci post'))
  await runPost(async () => {
    const history = readPostSettings()
    if (history) await saveStage(history)
  })
}
