/**
 * The sticky pull-request comment: one comment per pull request and per name, found by its hidden
 * marker and only among the token's own comments (someone pasting the marker cannot capture it).
 * Modes: update it in place, recreate it (the old ones minimised as outdated), or leave it alone when
 * the body has not changed.
 */
import type { CommentSettings } from '../core/comment/options.js'
import { type GitHubClient, sameLogin } from './octokit.js'
import type { Repository } from './report-issue.js'

export type CommentMode = CommentSettings['mode']

export interface StickyRequest {
  issueNumber: number
  marker: string
  body: string
  mode: CommentMode
  /** The token's own login. */
  author: string
}

export interface StickyResult {
  action: 'created' | 'updated' | 'recreated' | 'unchanged'
  id: number
  url: string
}

/** Creates, updates or recreates the sticky comment. */
export async function upsertStickyComment(
  octokit: GitHubClient,
  where: Repository,
  request: StickyRequest
): Promise<StickyResult> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    ...where,
    issue_number: request.issueNumber,
    per_page: 100
  })
  const ours = comments.filter(
    c => sameLogin(c.user?.login, request.author) && (c.body ?? '').includes(request.marker)
  )
  const newest = ours.at(-1)
  if (newest && request.mode !== 'recreate') {
    if (request.mode === 'skip-unchanged' && newest.body === request.body)
      return { action: 'unchanged', id: newest.id, url: newest.html_url }
    const updated = await octokit.rest.issues.updateComment({
      ...where,
      comment_id: newest.id,
      body: request.body
    })
    return { action: 'updated', id: updated.data.id, url: updated.data.html_url }
  }
  for (const old of ours)
    await octokit.graphql(
      'mutation($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: OUTDATED}) { minimizedComment { isMinimized } } }',
      { id: old.node_id }
    )
  const created = await octokit.rest.issues.createComment({
    ...where,
    issue_number: request.issueNumber,
    body: request.body
  })
  return {
    action: ours.length ? 'recreated' : 'created',
    id: created.data.id,
    url: created.data.html_url
  }
}
