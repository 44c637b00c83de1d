/** Facts from the workflow's event payload (GITHUB_EVENT_PATH), read without the Octokit client. */
import { readFileSync } from 'node:fs'

/** The repository's default branch, when the event names it (push, pull_request, schedule, …). */
export function defaultBranch(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!env.GITHUB_EVENT_PATH) return undefined
  try {
    const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as {
      repository?: { default_branch?: unknown }
    }
    const branch = event.repository?.default_branch
    return typeof branch === 'string' && branch !== '' ? branch : undefined
  } catch {
    return undefined
  }
}

/** owner and repo of GITHUB_REPOSITORY ('' each outside a runner). */
export function currentRepository(env: NodeJS.ProcessEnv = process.env): {
  owner: string
  repo: string
} {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/')
  return { owner, repo }
}
