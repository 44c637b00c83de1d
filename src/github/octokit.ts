/**
 * The one Octokit factory: @actions/github's client (its proxy-aware fetch untouched) with the retry
 * and throttling plugins, at GITHUB_API_URL so GitHub Enterprise Server works. Rate limits and 5xx
 * are retried a few times with backoff, and each wait is logged. Writes are spaced as GitHub asks
 * (the plugin's 1 s between writes, 3 s between notifying ones), except against a local fake API in
 * tests (CHAOS_CI_FAKE_GITHUB_API=1 with a loopback GITHUB_API_URL; docs/testing.md).
 */
import * as github from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'

export type GitHubClient = ReturnType<typeof github.getOctokit>

export interface OctokitTuning {
  /** Retries of a 5xx or a rate limit; default 3. */
  retries?: number
  /** Retry backoff: retryCount² × this, in ms (plugin default 1000). */
  retryAfterBaseValue?: number
  /** Wait on a secondary rate limit that gives no Retry-After, in s (plugin default 60). */
  fallbackSecondaryRateRetryAfter?: number
  /** Space writes as GitHub asks; default true, false only for a local fake API (see spacesWrites). */
  spaceWrites?: boolean
}

type Throttle = NonNullable<Parameters<typeof github.getOctokit>[1]>['throttle']
type LimiterGroup = NonNullable<NonNullable<Throttle>['write']>

/** A Bottleneck group whose limiters run each job at once: the plugin's write spacing, switched off. */
const NO_SPACING = {
  key: () => ({
    schedule: (_options: object, job: (...args: unknown[]) => unknown, ...args: unknown[]) =>
      Promise.resolve().then(() => job(...args))
  })
} as unknown as LimiterGroup

/**
 * Whether writes are spaced: always, unless CHAOS_CI_FAKE_GITHUB_API=1 says the API is a local fake
 * and GITHUB_API_URL really is on this machine, so no setting can unspace writes to GitHub itself.
 */
export function spacesWrites(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.CHAOS_CI_FAKE_GITHUB_API !== '1') return true
  try {
    const host = new URL(env.GITHUB_API_URL ?? '').hostname
    return !['127.0.0.1', 'localhost', '[::1]'].includes(host)
  } catch {
    return true
  }
}

interface Limited {
  method: string
  url: string
}

export function createOctokit(
  token: string,
  log: (line: string) => void,
  tuning: OctokitTuning = {}
): GitHubClient {
  const retries = tuning.retries ?? 3
  const unspaced = !(tuning.spaceWrites ?? spacesWrites())
  const onLimit =
    (kind: string) =>
    (after: number, options: Limited, _octokit: unknown, retryCount: number): boolean => {
      const again = retryCount < retries
      log(
        `GitHub API ${kind} on ${options.method} ${options.url}: ${again ? `retrying after ${after} s` : 'giving up'}`
      )
      return again
    }
  return github.getOctokit(
    token,
    {
      baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
      retry: {
        retries,
        ...(tuning.retryAfterBaseValue !== undefined
          ? { retryAfterBaseValue: tuning.retryAfterBaseValue }
          : {})
      },
      throttle: {
        onRateLimit: onLimit('rate limit'),
        onSecondaryRateLimit: onLimit('secondary rate limit'),
        ...(tuning.fallbackSecondaryRateRetryAfter !== undefined
          ? { fallbackSecondaryRateRetryAfter: tuning.fallbackSecondaryRateRetryAfter }
          : {}),
        ...(unspaced ? { write: NO_SPACING, notifications: NO_SPACING } : {})
      }
    },
    retry,
    throttling
  )
}

/** Whether an Octokit error is GitHub refusing a token that may not write here (fork PRs, missing permissions). */
export function isReadOnlyRefusal(error: unknown): boolean {
  const status = (error as { status?: number }).status
  return status === 403 || status === 404
}

/** The login of the token's own account: comments and issues are ours only when it wrote them. */
export async function viewerLogin(octokit: GitHubClient): Promise<string> {
  try {
    const result = await octokit.graphql<{ viewer: { login: string } }>(
      'query { viewer { login } }'
    )
    return result.viewer.login
  } catch {
    // GITHUB_TOKEN is the github-actions app; some GHES versions refuse the viewer query for it.
    return 'github-actions[bot]'
  }
}

/** Two logins are the same account: REST spells apps `name[bot]`, GraphQL `name`. */
export function sameLogin(a: string | undefined | null, b: string): boolean {
  const plain = (login: string): string => login.replace(/\[bot\]$/, '').toLowerCase()
  return a !== undefined && a !== null && plain(a) === plain(b)
}
