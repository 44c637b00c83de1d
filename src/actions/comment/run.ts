/**
 * The `comment` action: this run's results files as one sticky pull-request comment (and the job
 * summary). On a pull request from a fork the token is read-only: it says so and points at the
 * workflow_run pattern instead of failing. The results files are read as data, never run.
 */
import * as core from '@actions/core'

import { commentBody, commentMarker, pullRequestOf, runUrlOf } from '../../core/comment/body.js'
import type { CommentSettings } from '../../core/comment/options.js'
import { UserError } from '../../core/errors.js'
import { fitBytes } from '../../core/markdown.js'
import { readResultsIn } from '../../core/results/files.js'
import { currentRepository, eventPayload, fromFork, pullRequestNumber } from '../../github/event.js'
import { createOctokit, isReadOnlyRefusal, viewerLogin } from '../../github/octokit.js'
import { type OutputValue, setOutputs } from '../../github/outputs.js'
import { upsertStickyComment } from '../../github/pr-comment.js'
import { runAction } from '../../github/run-action.js'
import { appendSummary } from '../../github/summary.js'
import type { StageOutcome } from '../stage.js'
import { OUTPUTS } from './names.js'
import { readSettings } from './settings.js'

const FORK_HELP =
  'post it from a workflow_run workflow instead (examples/workflows/comment-fork.yml): upload chaos-results as an artifact here, download it there and run this action with pr-number.'

export interface CommentOutcome extends StageOutcome {
  /** The comment's Markdown, marker included. */
  body: string
}

/**
 * The comment stage: the body from the results files, then the sticky comment when this is a pull
 * request. It cannot comment (a fork, a read-only token): a warning, or a UserError when required.
 * `summary: false` leaves the job summary alone (the pipeline's stages wrote theirs); `post: false`
 * only builds the body.
 */
export async function commentStage(
  settings: CommentSettings,
  { summary = true, post = true }: { summary?: boolean; post?: boolean } = {}
): Promise<CommentOutcome> {
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
  if (summary) await appendSummary(body.replace(commentMarker(name), '').trimStart())
  const outcome = (verdict: string, outputs: Record<string, OutputValue> = {}): CommentOutcome => ({
    ok: true,
    verdict,
    body,
    outputs: { [OUTPUTS.passed]: built.passed, ...outputs }
  })
  const cannot = (why: string): CommentOutcome => {
    if (settings.required) throw new UserError(why, FORK_HELP, { input: 'required' })
    core.warning(`chaos-ci comment: ${why} The comment is in the job summary; ${FORK_HELP}`)
    return outcome('not posted')
  }
  if (!post) return outcome('not posted (skipped)')
  const number = settings.prNumber ?? pullRequestNumber(event) ?? pullRequestOf(results)
  if (number === undefined)
    return outcome('not a pull request; the comment is in the job summary only.')
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
    return outcome(`${result.action} ${result.url}`, {
      [OUTPUTS.commentId]: result.id,
      [OUTPUTS.commentUrl]: result.url,
      [OUTPUTS.action]: result.action
    })
  } catch (error) {
    if (!isReadOnlyRefusal(error)) throw error
    return cannot(
      `GitHub refused the comment (${(error as Error).message}): the token may not write here; give the job "permissions: pull-requests: write".`
    )
  }
}

/** Entry point of actions/comment. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const { verdict, outputs } = await commentStage(readSettings())
    setOutputs(outputs)
    core.info(`chaos-ci comment: ${verdict}`)
  })
}
