/**
 * The `comment` action: this run's results files as one sticky pull-request comment (and the job
 * summary). On a pull request from a fork the token is read-only: it says so and points at the
 * workflow_run pattern instead of failing. The results files are read as data, never run.
 */
import * as core from '@actions/core'

import { commentBody, commentMarker, pullRequestOf, runUrlOf } from '../../core/comment/body.js'
import { UserError } from '../../core/errors.js'
import { fitBytes } from '../../core/markdown.js'
import { readResultsIn } from '../../core/results/files.js'
import { currentRepository, eventPayload, fromFork, pullRequestNumber } from '../../github/event.js'
import { createOctokit, isReadOnlyRefusal, viewerLogin } from '../../github/octokit.js'
import { setOutputs } from '../../github/outputs.js'
import { upsertStickyComment } from '../../github/pr-comment.js'
import { runAction } from '../../github/run-action.js'
import { appendSummary } from '../../github/summary.js'
import { OUTPUTS } from './names.js'
import { readSettings } from './settings.js'

const FORK_HELP =
  'post it from a workflow_run workflow instead (examples/workflows/comment-fork.yml): upload chaos-results as an artifact here, download it there and run this action with pr-number.'

/** Entry point of actions/comment. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const settings = readSettings()
    if (settings.token) core.setSecret(settings.token)
    const event = eventPayload()
    // Stages the comment does not show (report, …) are ignored by commentBody.
    const results = (
      await readResultsIn(
        settings.results,
        'Point results at the folder the chaos-ci steps wrote (chaos-results by default), or at the downloaded artifact.'
      )
    ).map(entry => entry.results)
    const name =
      settings.name ??
      (typeof event.workflow_run?.name === 'string' ? event.workflow_run.name : undefined) ??
      process.env.GITHUB_WORKFLOW ??
      'chaos-ci'
    const built = commentBody(results, {
      name,
      runUrl: runUrlOf(results, process.env.GITHUB_SERVER_URL ?? 'https://github.com')
    })
    const body = fitBytes(
      built.body,
      65_000,
      '_Cut at GitHub’s comment size limit: the job summary has the rest._'
    )
    setOutputs({ [OUTPUTS.passed]: built.passed })
    await appendSummary(body.replace(commentMarker(name), '').trimStart())
    const cannot = (why: string): void => {
      if (settings.required) throw new UserError(why, FORK_HELP, { input: 'required' })
      core.warning(`chaos-ci comment: ${why} The comment is in the job summary; ${FORK_HELP}`)
    }
    const number = settings.prNumber ?? pullRequestNumber(event) ?? pullRequestOf(results)
    if (number === undefined) {
      core.info('chaos-ci comment: not a pull request; the comment is in the job summary only.')
      return
    }
    if (fromFork(event) && process.env.GITHUB_EVENT_NAME === 'pull_request')
      return cannot(
        'this pull request comes from a fork, where GITHUB_TOKEN is read-only whatever the permissions say.'
      )
    if (!settings.token)
      throw new UserError(
        'no token to comment with.',
        'Set token (the default is github.token) and give the job "permissions: pull-requests: write".',
        { input: 'token' }
      )
    const octokit = createOctokit(settings.token, line => core.info(line))
    try {
      const result = await upsertStickyComment(octokit, currentRepository(), {
        issueNumber: number,
        marker: commentMarker(name),
        body,
        mode: settings.mode,
        author: await viewerLogin(octokit)
      })
      setOutputs({
        [OUTPUTS.commentId]: result.id,
        [OUTPUTS.commentUrl]: result.url,
        [OUTPUTS.action]: result.action
      })
      core.info(`chaos-ci comment: ${result.action} ${result.url}`)
    } catch (error) {
      if (!isReadOnlyRefusal(error)) throw error
      cannot(
        `GitHub refused the comment (${(error as Error).message}): the token may not write here; give the job "permissions: pull-requests: write".`
      )
    }
  })
}
