/** Facts from the workflow's event payload (GITHUB_EVENT_PATH), read without the Octokit client. */
import { readFileSync } from 'node:fs'

/** The parts of an event payload chaos-ci reads; every field may be missing. */
export interface EventPayload {
  repository?: { default_branch?: unknown; full_name?: unknown }
  pull_request?: { number?: unknown; head?: { repo?: { full_name?: unknown } | null } }
  issue?: { number?: unknown; pull_request?: unknown }
  /** Read by core/comment/trust.ts: id, run_attempt, head_sha, head_branch, head_repository, pull_requests, event. */
  workflow_run?: { name?: unknown } & Record<string, unknown>
}

/** The event payload (GITHUB_EVENT_PATH); {} when there is none or it cannot be read. */
export function eventPayload(env: NodeJS.ProcessEnv = process.env): EventPayload {
  if (!env.GITHUB_EVENT_PATH) return {}
  try {
    const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as unknown
    return typeof event === 'object' && event !== null ? event : {}
  } catch {
    return {}
  }
}

/** The repository's default branch, when the event names it (push, pull_request, schedule, …). */
export function defaultBranch(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const branch = eventPayload(env).repository?.default_branch
  return typeof branch === 'string' && branch !== '' ? branch : undefined
}

/** The pull request's number, for pull_request(_target) and comments on pull requests. */
export function pullRequestNumber(event: EventPayload): number | undefined {
  const n =
    event.pull_request?.number ?? (event.issue?.pull_request ? event.issue.number : undefined)
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined
}

/** Whether the pull request comes from a fork: then GITHUB_TOKEN is read-only, whatever permissions say. */
export function fromFork(event: EventPayload): boolean {
  const head = event.pull_request?.head?.repo?.full_name
  const base = event.repository?.full_name
  return typeof head === 'string' && typeof base === 'string' && head !== base
}

/** owner and repo of GITHUB_REPOSITORY ('' each outside a runner). */
export function currentRepository(env: NodeJS.ProcessEnv = process.env): {
  owner: string
  repo: string
} {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/')
  return { owner, repo }
}

/** Whether this is a workflow_run run: the event name says so, or the payload has its block. */
export function isWorkflowRun(event: EventPayload, env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GITHUB_EVENT_NAME === 'workflow_run' || event.workflow_run !== undefined
}
