/**
 * The comment's inputs, gathered from trusted places: the event, the runner's variables, the
 * settings — and the results files, which only fill in the body. In a workflow_run run the link goes
 * to the triggering run named by the event, never to one the results name.
 */
import { type BuiltComment, commentBody, runUrl } from '../../core/comment/body.js'
import type { CommentSettings } from '../../core/comment/options.js'
import { type WorkflowRunFacts, workflowRunFacts } from '../../core/comment/trust.js'
import { readResultsIn } from '../../core/results/files.js'
import type { ResultsFile } from '../../core/results/schema.js'
import {
  currentRepository,
  type EventPayload,
  eventPayload,
  isWorkflowRun
} from '../../github/event.js'
import type { Repository } from '../../github/report-issue.js'

export interface Built {
  event: EventPayload
  repository: Repository
  files: Array<{ file: string; results: ResultsFile }>
  /** In a workflow_run run: what the event says of the triggering run, or why it says nothing usable. */
  facts?: WorkflowRunFacts | string
  /** The comment's name (its marker). */
  name: string
  comment: BuiltComment
}

/** owner/name of this repository (GITHUB_REPOSITORY). */
export function repoName(): string {
  const { owner, repo } = currentRepository()
  return `${owner}/${repo}`
}

/** Reads the results files and builds the whole comment. */
export async function buildComment(settings: CommentSettings): Promise<Built> {
  const env = process.env
  const event = eventPayload()
  const files = await readResultsIn(
    settings.results,
    'Point results at the folder the chaos-ci steps wrote (chaos-results by default), or at the downloaded artifact.'
  )
  const facts = isWorkflowRun(event) ? workflowRunFacts(event.workflow_run, repoName()) : undefined
  const name =
    settings.name ??
    (typeof event.workflow_run?.name === 'string' ? event.workflow_run.name : undefined) ??
    env.GITHUB_WORKFLOW ??
    'chaos-ci'
  const runId =
    facts === undefined ? (env.GITHUB_RUN_ID ?? '') : typeof facts === 'object' ? facts.id : ''
  const comment = commentBody(
    files.map(entry => entry.results),
    {
      name,
      runUrl: runUrl(env.GITHUB_SERVER_URL ?? 'https://github.com', repoName(), runId),
      reportedByPullRequest: facts !== undefined
    }
  )
  return {
    event,
    repository: currentRepository(),
    files,
    ...(facts !== undefined ? { facts } : {}),
    name,
    comment
  }
}
