/**
 * The `report` action: the weekly report from the history database, written to a file and the job
 * summary, and published as the report issue (one rolling issue, or one per ISO week). A token that
 * may not write issues is a warning, not a failure: the file and the summary are there.
 */
import { existsSync } from 'node:fs'

import * as core from '@actions/core'

import { UserError } from '../../core/errors.js'
import { writeReportFile } from '../../core/report/from-file.js'
import { REPORT_MARKER } from '../../core/report/render.js'
import { isoWeek } from '../../core/report/window.js'
import { currentRepository } from '../../github/event.js'
import { createOctokit, isReadOnlyRefusal, viewerLogin } from '../../github/octokit.js'
import { setOutputs } from '../../github/outputs.js'
import { publishReportIssue } from '../../github/report-issue.js'
import { runAction } from '../../github/run-action.js'
import { appendSummary } from '../../github/summary.js'
import { OUTPUTS } from './names.js'
import { readSettings } from './settings.js'

/** Entry point of actions/report. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const settings = readSettings()
    if (settings.token) core.setSecret(settings.token)
    if (!existsSync(settings.db))
      core.warning(
        `no history database at ${settings.db}: the report is empty. Restore it first with the history action.`
      )
    const end = settings.end ?? new Date()
    const { data, markdown } = await writeReportFile(settings.db, settings.output, {
      end,
      lookbackDays: settings.lookbackDays
    })
    setOutputs({
      [OUTPUTS.reportFile]: settings.output,
      [OUTPUTS.recommendations]: data.recommendations.length
    })
    await appendSummary(markdown, `The rest is in ${settings.output}.`)
    if (settings.issue === 'none') return
    if (!settings.token)
      throw new UserError(
        'no token to publish the report issue with.',
        'Set token (the default is github.token), or issue: none to write only the file and the summary.',
        { input: 'token' }
      )
    const where = currentRepository()
    if (!where.owner)
      throw new UserError(
        'GITHUB_REPOSITORY is not set, so there is no repository to publish to.',
        'Run the action in a workflow, or set issue: none.',
        { input: 'issue' }
      )
    const octokit = createOctokit(settings.token, line => core.info(line))
    const week = isoWeek(end)
    try {
      const published = await publishReportIssue(octokit, where, {
        markdown,
        marker: settings.issue === 'weekly' ? `<!-- chaos-ci:report:${week} -->` : REPORT_MARKER,
        title: settings.issue === 'weekly' ? `${settings.title} ${week}` : settings.title,
        labels: settings.labels,
        mode: settings.issue,
        author: await viewerLogin(octokit)
      })
      setOutputs({ [OUTPUTS.issueNumber]: published.number, [OUTPUTS.issueUrl]: published.url })
      core.info(
        `chaos-ci report: ${published.created ? 'opened' : 'updated'} ${published.url}${published.comments ? ` (${published.comments} comment(s))` : ''}`
      )
    } catch (error) {
      if (!isReadOnlyRefusal(error)) throw error
      core.warning(
        `chaos-ci report: GitHub refused to write the report issue (${(error as Error).message}). Give the job "permissions: issues: write"; the report is in ${settings.output} and the job summary.`
      )
    }
  })
}
