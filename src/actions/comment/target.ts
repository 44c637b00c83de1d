/**
 * Where the comment goes, decided from the trusted event only. In the run that made the results
 * (pull_request, push, …): pr-number or the event's pull request. In a workflow_run run the results
 * are another run's artifact: the pull request comes from the event (core/comment/trust.ts, with the
 * API lookup for forks), and the artifact is refused when its run blocks contradict the event.
 */
import type { CommentSettings } from '../../core/comment/options.js'
import {
  artifactMismatches,
  chooseTarget,
  pullRequestsOfHead,
  type WorkflowRunFacts
} from '../../core/comment/trust.js'
import type { ResultsFile } from '../../core/results/schema.js'
import {
  currentRepository,
  type EventPayload,
  fromFork,
  pullRequestNumber
} from '../../github/event.js'
import type { GitHubClient } from '../../github/octokit.js'
import { openPullRequestsFrom } from '../../github/pull-requests.js'

export type Decision =
  /** Comment on this pull request. */
  | { post: number }
  /** Nothing to comment on (not a pull request): the job summary only, no warning. */
  | { none: string }
  /** It cannot be posted (a fork's token, no pull request found): a warning, or a failure when required. */
  | { cannot: string }
  /** The artifact contradicts the event: nothing from it is posted or shown. */
  | { refused: string }

const FORK =
  'this pull request comes from a fork, where GITHUB_TOKEN is read-only whatever the permissions say.'

/** The run's own results: pr-number, else the event's pull request. */
export function ownRunTarget(
  settings: CommentSettings,
  event: EventPayload,
  eventName?: string
): Decision {
  const number = settings.prNumber ?? pullRequestNumber(event)
  if (number === undefined)
    return { none: 'not a pull request; the comment is in the job summary only.' }
  if (fromFork(event) && eventName === 'pull_request') return { cannot: FORK }
  return { post: number }
}

function listed(problems: string[]): string {
  const more = problems.length > 3 ? `; and ${problems.length - 3} more` : ''
  return `${problems.slice(0, 3).join('; ')}${more}`
}

/** A workflow_run run: the pull request from the event, then the artifact checked against it. */
export async function workflowRunTarget(
  settings: CommentSettings,
  facts: WorkflowRunFacts | string,
  files: ReadonlyArray<{ file: string; results: ResultsFile }>,
  octokit: () => GitHubClient
): Promise<Decision> {
  if (typeof facts === 'string') return { refused: `${facts}, so its pull request is unknown.` }
  const where = currentRepository()
  let candidates = facts.pullRequests
  if (!candidates.length && facts.headRepository && facts.headBranch) {
    const head = `${facts.headRepository.split('/')[0]}:${facts.headBranch}`
    candidates = pullRequestsOfHead(await openPullRequestsFrom(octokit(), where, head), facts)
  }
  const target = chooseTarget(candidates, settings.prNumber)
  if ('problem' in target)
    return target.refused ? { refused: target.problem } : { cannot: target.problem }
  const mismatches = artifactMismatches(files, facts, target.number, `${where.owner}/${where.repo}`)
  if (mismatches.length)
    return {
      refused: `the results files are not the triggering run's (run ${facts.id}, pull request #${target.number}): ${listed(mismatches)}.`
    }
  return { post: target.number }
}
