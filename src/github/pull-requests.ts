/** The open pull requests whose head is a given branch: the workflow_run comment's lookup for forks. */
import type { GitHubClient } from './octokit.js'
import type { Repository } from './report-issue.js'

/**
 * Open pull requests of `where` whose head is `head` (`owner:branch`), as GitHub returns them; the
 * caller keeps only those whose head commit and repository are the event's (core/comment/trust.ts).
 */
export async function openPullRequestsFrom(
  octokit: GitHubClient,
  where: Repository,
  head: string
): Promise<unknown[]> {
  return octokit.paginate(octokit.rest.pulls.list, {
    ...where,
    head,
    state: 'open',
    per_page: 100
  })
}
