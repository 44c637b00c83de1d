/**
 * The `audit` action: the dependency sentinel. Main only. Recipe: read settings → sentinel (core:
 * audit, optional fix/install, re-audit) → annotations, results file, report, outputs → verdict.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

import * as core from '@actions/core'

import { countByRule } from '../../core/audit/audit.js'
import { auditMarkdown, auditPayload, auditStatus, auditVerdict } from '../../core/audit/report.js'
import { runSentinel } from '../../core/audit/sentinel.js'
import { stepPasses } from '../../core/results/status.js'
import { annotate } from '../../github/annotations.js'
import { setOutputs } from '../../github/outputs.js'
import { writeStepResults } from '../../github/results.js'
import { runAction } from '../../github/run-action.js'
import { StepLog } from '../../github/step-log.js'
import { appendSummary } from '../../github/summary.js'
import type { StageOutcome } from '../stage.js'
import { OUTPUTS } from './names.js'
import { type AuditSettings, readSettings } from './settings.js'

/** The audit stage: audit (and fix), annotate, write the report, the results file and the summary. */
export async function auditStage(settings: AuditSettings): Promise<StageOutcome> {
  const startedAt = new Date()
  const { options, config, resultsDir, reportFile } = settings
  const cwd = path.resolve(options.workingDirectory)
  const log = new StepLog()
  const outcome = await runSentinel(cwd, config, { ...options, onOutput: text => log.write(text) })
  log.endLine()
  const { result, changes } = outcome
  const status = auditStatus(result.findings, options.failOn)
  const relative = (file: string): string =>
    path.relative(process.cwd(), path.join(cwd, file)) || file
  // One batch, so that findings (errors, then warnings) come before the notices about unreadable parts.
  annotate([
    ...result.findings.map(f => ({
      level: options.failOn.includes(f.rule) ? ('error' as const) : ('warning' as const),
      message: f.message,
      file: relative(f.file),
      line: f.line,
      title: `chaos-ci audit: ${f.rule}`
    })),
    ...result.warnings.map(w => ({
      level: 'notice' as const,
      message: `may not be valid source (${w.message}); what could be read was used`,
      file: relative(w.file),
      line: 1,
      title: 'chaos-ci audit: unreadable part'
    }))
  ])
  if (outcome.diff)
    core.info(`${options.dryRun ? 'Dry run: fix would write' : 'fix wrote'}:\n${outcome.diff}`)
  const markdown = auditMarkdown(result, changes, options.dryRun ? outcome.diff : '')
  await mkdir(path.dirname(reportFile), { recursive: true })
  await writeFile(reportFile, markdown)
  const file = await writeStepResults(
    resultsDir,
    'audit',
    status,
    auditPayload(result, changes, Date.now() - startedAt.getTime()),
    startedAt
  )
  const counts = countByRule(result.findings)
  await appendSummary(markdown)
  const verdict = auditVerdict(result)
  return {
    status,
    ok: stepPasses(status.status),
    verdict:
      status.status === 'failed' ? `${verdict}; failing on ${options.failOn.join(', ')}` : verdict,
    outputs: {
      [OUTPUTS.missing]: counts.missing,
      [OUTPUTS.unused]: counts.unused,
      [OUTPUTS.findings]: result.findings.length,
      [OUTPUTS.changes]: changes.filter(c => c.action === 'added').length,
      [OUTPUTS.resultsFile]: file,
      [OUTPUTS.reportFile]: reportFile
    }
  }
}

/** Entry point of actions/audit. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const { ok, verdict, outputs } = await auditStage(await readSettings())
    setOutputs(outputs)
    if (ok) core.info(`chaos-ci audit: ${verdict}`)
    else core.setFailed(`chaos-ci audit: ${verdict}`)
  })
}
