/**
 * The `comment` action: this run's results files as one sticky pull-request comment (and the job
 * summary). On a pull request from a fork the token is read-only: it says so and points at the
 * workflow_run pattern instead of failing. The results files are read as data, never run; in a
 * workflow_run run they are the pull request's own report, and nothing in them chooses where the
 * comment goes (./target.ts). One entry, no post step.
 */
import * as core from '@actions/core'

import { commentMarker, fitComment, runUrl } from '../../core/comment/body.js'
import type { CommentSettings } from '../../core/comment/options.js'
import { UserError } from '../../core/errors.js'
import { escapeInert, markdownLink } from '../../core/markdown.js'
import {
  createOctokit,
  type GitHubClient,
  isReadOnlyRefusal,
  viewerLogin
} from '../../github/octokit.js'
import { type OutputValue, setOutputs } from '../../github/outputs.js'
import { upsertStickyComment } from '../../github/pr-comment.js'
import { runAction } from '../../github/run-action.js'
import { appendSummary, SUMMARY_LIMIT } from '../../github/summary.js'
import type { StageOutcome } from '../stage.js'
import { buildComment, type Built, repoName } from './build.js'
import { OUTPUTS } from './names.js'
import { readSettings } from './settings.js'
import { type Decision, ownRunTarget, workflowRunTarget } from './target.js'

const FORK_HELP =
  'post it from a workflow_run workflow instead (examples/workflows/comment-fork.yml): upload chaos-results as an artifact here, download it there and run this action on it.'
const REFUSED_HELP =
  'Download the artifact of the triggering run only (actions/download-artifact with run-id: github.event.workflow_run.id), and leave pr-number empty.'

export interface CommentOutcome extends StageOutcome {
  /** The comment's Markdown, marker included, as posted (cut to GitHub's limit). */
  body: string
}

/** Where the rows a cut comment leaves out really are: this job's summary, if it holds them all. */
function restOf(full: string, summary: boolean): string {
  if (!summary || Buffer.byteLength(full) > SUMMARY_LIMIT - 1024)
    return 'the results files have them'
  const env = process.env
  const page = runUrl(env.GITHUB_SERVER_URL ?? '', repoName(), env.GITHUB_RUN_ID ?? '')
  return page
    ? `the job summary of ${markdownLink('the run that posted this comment', page)} has them`
    : 'the job summary has them'
}

function clientFor(settings: CommentSettings): GitHubClient {
  if (!settings.token)
    throw new UserError(
      'no token to comment with.',
      'Set token (the default is github.token) and give the job "permissions: pull-requests: write".',
      { input: 'token' }
    )
  return createOctokit(settings.token, line => core.info(line))
}

/** GitHub refused: the token may not read or write here. */
const refusedBy = (error: unknown): string =>
  `GitHub refused the request (${(error as Error).message}): the token may not write here; give the job "permissions: pull-requests: write".`

async function decide(
  settings: CommentSettings,
  built: Built,
  client: () => GitHubClient
): Promise<Decision> {
  if (!built.facts) return ownRunTarget(settings, built.event, process.env.GITHUB_EVENT_NAME)
  try {
    return await workflowRunTarget(settings, built.facts, built.files, client)
  } catch (error) {
    if (!isReadOnlyRefusal(error)) throw error
    return { cannot: refusedBy(error) }
  }
}

/**
 * The comment stage: the body from the results files, then the sticky comment when there is a pull
 * request to put it on. It cannot comment (a fork, a read-only token): a warning, or a UserError when
 * required; an artifact that contradicts the workflow_run event is refused the same way, and nothing
 * of it is shown. `summary: false` leaves the job summary alone (the pipeline's stages wrote theirs);
 * `post: false` only builds the body.
 */
export async function commentStage(
  settings: CommentSettings,
  { summary = true, post = true }: { summary?: boolean; post?: boolean } = {}
): Promise<CommentOutcome> {
  if (settings.token) core.setSecret(settings.token)
  const built = await buildComment(settings)
  const body = fitComment(built.comment, restOf(built.comment.body, summary))
  const outcome = (verdict: string, outputs: Record<string, OutputValue> = {}): CommentOutcome => ({
    ok: true,
    verdict,
    body,
    outputs: { [OUTPUTS.passed]: built.comment.passed, ...outputs }
  })
  let octokit: GitHubClient | undefined
  const client = (): GitHubClient => (octokit ??= clientFor(settings))
  const decision = post ? await decide(settings, built, client) : { none: 'not posted (skipped)' }
  const cannot = (why: string, help: string): CommentOutcome => {
    if (settings.required) throw new UserError(why, help, { input: 'required' })
    core.warning(`chaos-ci comment: ${why} Nothing was posted; ${help}`)
    return outcome('not posted')
  }
  if ('refused' in decision) {
    // Nothing of a refused artifact is shown, not even in the summary: only why it was refused.
    if (summary)
      await appendSummary(`### chaos-ci: results refused\n\n${escapeInert(decision.refused)}\n`)
    cannot(`refused the results: ${decision.refused}`, REFUSED_HELP)
    return { ok: true, verdict: 'refused', body: '', outputs: { [OUTPUTS.passed]: false } }
  }
  if (summary)
    await appendSummary(built.comment.body.replace(commentMarker(built.name), '').trimStart())
  if ('none' in decision) return outcome(decision.none)
  if ('cannot' in decision)
    return cannot(`${decision.cannot} The comment is in the job summary.`, FORK_HELP)
  try {
    const result = await upsertStickyComment(client(), built.repository, {
      issueNumber: decision.post,
      marker: commentMarker(built.name),
      body,
      mode: settings.mode,
      author: await viewerLogin(client())
    })
    return outcome(`${result.action} ${result.url}`, {
      [OUTPUTS.commentId]: result.id,
      [OUTPUTS.commentUrl]: result.url,
      [OUTPUTS.action]: result.action
    })
  } catch (error) {
    if (!isReadOnlyRefusal(error)) throw error
    return cannot(`${refusedBy(error)} The comment is in the job summary.`, FORK_HELP)
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
