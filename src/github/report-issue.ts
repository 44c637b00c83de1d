/**
 * Publishing the report as an issue. The issue is found by its hidden marker and its label, and only
 * when the token's own account opened it — never by title, so nobody can hijack it by pasting the
 * marker. Bodies over GitHub's limit go on in comments. Labels are created when missing.
 */
import { splitMarkdown } from '../core/report/split.js'
import { type GitHubClient, sameLogin } from './octokit.js'

export interface Repository {
  owner: string
  repo: string
}

export interface ReportIssueRequest {
  /** The report, whose first line is its marker. */
  markdown: string
  /** The marker that finds this issue: the report's, or a per-week one. */
  marker: string
  title: string
  labels: string[]
  /** rolling: one issue, a comment per report; weekly: an issue per ISO week. */
  mode: 'rolling' | 'weekly'
  /** The token's own login (see viewerLogin). */
  author: string
  /** For the limit; GitHub's is 65,536. */
  limit?: number
}

export interface Published {
  number: number
  url: string
  created: boolean
  /** Comments added (the report, or the parts past the body limit). */
  comments: number
}

const LABEL_COLOUR = 'b60205'

/** Creates each label that does not exist yet. */
export async function ensureLabels(
  octokit: GitHubClient,
  where: Repository,
  labels: readonly string[]
): Promise<void> {
  for (const name of labels) {
    try {
      await octokit.rest.issues.getLabel({ ...where, name })
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error
      await octokit.rest.issues.createLabel({ ...where, name, color: LABEL_COLOUR })
    }
  }
}

/** The open issue with `label`, the marker in its body, opened by `author`; newest first. */
export async function findOwnIssue(
  octokit: GitHubClient,
  where: Repository,
  label: string,
  marker: string,
  author: string
): Promise<{ number: number; html_url: string; body?: string | null } | undefined> {
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
    ...where,
    labels: label,
    state: 'open',
    sort: 'created',
    direction: 'desc',
    per_page: 100
  })
  return issues.find(
    issue =>
      !issue.pull_request &&
      sameLogin(issue.user?.login, author) &&
      (issue.body ?? '').includes(marker)
  )
}

/** Creates or updates the report issue; returns where it is. */
export async function publishReportIssue(
  octokit: GitHubClient,
  where: Repository,
  request: ReportIssueRequest
): Promise<Published> {
  await ensureLabels(octokit, where, request.labels)
  const limit = request.limit ?? 65_536
  const withMarker = request.markdown.includes(request.marker)
    ? request.markdown
    : `${request.marker}\n${request.markdown}`
  const parts = splitMarkdown(withMarker, limit)
  const existing = await findOwnIssue(
    octokit,
    where,
    request.labels[0]!,
    request.marker,
    request.author
  )
  const comment = async (number: number, body: string): Promise<void> => {
    await octokit.rest.issues.createComment({ ...where, issue_number: number, body })
  }
  const create = async (): Promise<Published> => {
    const created = await octokit.rest.issues.create({
      ...where,
      title: request.title,
      body: parts[0]!,
      labels: request.labels
    })
    for (const part of parts.slice(1)) await comment(created.data.number, part)
    return {
      number: created.data.number,
      url: created.data.html_url,
      created: true,
      comments: parts.length - 1
    }
  }
  if (!existing) return create()
  try {
    return await updateIssue(existing)
  } catch (error) {
    // deleted (404) or transferred (410) between the listing and the update: start a new one
    const status = (error as { status?: number }).status
    if (status === 404 || status === 410) return create()
    throw error
  }

  async function updateIssue(existing: { number: number; html_url: string }): Promise<Published> {
    if (request.mode === 'weekly') {
      // The same week again: the body is replaced; parts past the limit follow as comments.
      await octokit.rest.issues.update({ ...where, issue_number: existing.number, body: parts[0]! })
      for (const part of parts.slice(1)) await comment(existing.number, part)
      return {
        number: existing.number,
        url: existing.html_url,
        created: false,
        comments: parts.length - 1
      }
    }
    // Rolling: the body always holds the newest report (cut at the limit); the report goes on as
    // comments, so that the issue keeps one week per comment.
    await octokit.rest.issues.update({ ...where, issue_number: existing.number, body: parts[0]! })
    const asComments = splitMarkdown(request.markdown, limit)
    for (const part of asComments) await comment(existing.number, part)
    return {
      number: existing.number,
      url: existing.html_url,
      created: false,
      comments: asComments.length
    }
  }
}
