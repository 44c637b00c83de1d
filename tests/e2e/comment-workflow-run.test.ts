/**
 * actions/comment in a workflow_run workflow (examples/workflows/comment-fork.yml), through the
 * bundled dist/comment/index.js with a workflow_run event file and the local fake GitHub API. The
 * pull request comes from the event — pull_requests[], or for a fork the open pull request whose head
 * is the run's head commit — and never from the artifact: the replay of the #4242 attack (an artifact
 * whose ref names someone else's pull request) touches nothing of #4242.
 */
import path from 'node:path'

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'

import { REPORTED } from '../../src/core/comment/body.js'
import { runAction } from '../helpers/action-runner.js'
import { HEAD_SHA } from '../helpers/comment-results.js'
import { type FakeGitHubApi, startFakeGitHubApi } from '../helpers/fake-github-api.js'
import { healthy, injectPayload } from '../helpers/inject-results.js'
import { tempDir } from '../helpers/processes.js'
import { resultsFile } from '../helpers/results.js'

const MARKER = '<!-- chaos-ci:chaos validation -->'
const MERGE_SHA = 'feed000000000000000000000000000000000000'
/** Our comment on someone else's pull request, #4242: the attack tried to rewrite it. */
const THEIRS = `${MARKER}\n### chaos-ci: ❌ failed\n`

let api: FakeGitHubApi

beforeAll(async () => {
  api = await startFakeGitHubApi()
})

afterAll(async () => {
  await api.close()
})

beforeEach(() => {
  api.requests.length = 0
  api.comments.length = 0
  api.comments.push({
    id: 1,
    node_id: 'IC_1',
    issue_number: 4242,
    body: THEIRS,
    user: { login: 'github-actions[bot]' },
    minimized: false
  })
  api.pulls.length = 0
  api.pulls.push(
    {
      number: 7,
      state: 'open',
      head: { ref: 'feature', sha: HEAD_SHA, repo: { full_name: 'mallory/shop' } }
    },
    {
      number: 4242,
      state: 'open',
      head: { ref: 'fix', sha: 'a'.repeat(40), repo: { full_name: 'acme/shop' } }
    }
  )
})

/** The fork's artifact: a passing inject results file with the run block given. */
async function artifact(run: Record<string, string> = {}): Promise<string> {
  const dir = path.join(await tempDir('chaos-ci-artifact-'), 'chaos-results')
  await resultsFile(dir, 'inject', injectPayload([healthy('search')]), {
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_RUN_ID: '555',
    GITHUB_SHA: MERGE_SHA,
    GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_EVENT_NAME: 'pull_request',
    ...run
  })
  return dir
}

/** The workflow_run event of the fork's run 555, as GitHub sends it for a fork (no pull_requests). */
const forkRun = (extra: Record<string, unknown> = {}) => ({
  workflow_run: {
    id: 555,
    name: 'chaos validation',
    run_attempt: 1,
    event: 'pull_request',
    head_sha: HEAD_SHA,
    head_branch: 'feature',
    head_repository: { full_name: 'mallory/shop' },
    pull_requests: [],
    ...extra
  },
  repository: { full_name: 'acme/shop' }
})

const run = (event: unknown, results: string, inputs: Record<string, string> = {}) =>
  runAction('comment', {
    event,
    eventName: 'workflow_run',
    inputs: { token: 'test-token', results, ...inputs },
    env: {
      GITHUB_API_URL: api.url,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_WORKFLOW: 'chaos comment',
      GITHUB_RUN_ID: '600'
    }
  })

const touching4242 = (): string[] => api.requests.filter(r => /\/4242\b/.test(r))

describe('actions/comment in a workflow_run workflow (bundled)', () => {
  it('replays the #4242 attack: refuses the artifact, posts and edits nothing, touches nothing of #4242', async () => {
    const attack = await artifact({ GITHUB_REF: 'refs/pull/4242/merge' })
    const refused = await run(forkRun(), attack)
    expect(refused.exitCode).toBe(0)
    expect(touching4242()).toEqual([])
    expect(api.requests.filter(r => !r.startsWith('GET '))).toEqual([])
    expect(api.comments).toEqual([expect.objectContaining({ issue_number: 4242, body: THEIRS })])
    const warning = refused.annotations.find(a => a.level === 'warning')!.message
    expect(warning).toMatch(
      /refused the results: the results files are not the triggering run's \(run 555, pull request #7\)/
    )
    expect(warning).toContain('ref "refs/pull/4242/merge" names another pull request than #7')
    expect(refused.outputs.passed).toBe('false')
    expect(refused.summary).toContain('chaos-ci: results refused')
    expect(refused.summary).not.toContain('passed')
    const required = await run(forkRun(), attack, { required: 'true' })
    expect(required.exitCode).toBe(1)
    expect(touching4242()).toEqual([])
  })

  it('refuses a pr-number the event does not back, even with an artifact that agrees with it', async () => {
    const agrees = await artifact({ GITHUB_REF: 'refs/pull/4242/merge' })
    const refused = await run(forkRun(), agrees, { 'pr-number': '4242' })
    expect(refused.exitCode).toBe(0)
    expect(touching4242()).toEqual([])
    expect(api.comments).toEqual([expect.objectContaining({ body: THEIRS })])
    expect(refused.annotations.find(a => a.level === 'warning')!.message).toContain(
      'pr-number 4242 is not the pull request the triggering run was for (the event names #7).'
    )
  })

  it('refuses an artifact of another run', async () => {
    const other = await run(forkRun(), await artifact({ GITHUB_RUN_ID: '554' }))
    expect(other.exitCode).toBe(0)
    expect(api.comments).toHaveLength(1)
    expect(other.annotations.find(a => a.level === 'warning')!.message).toContain(
      `run_id "554" is not the triggering run's 555`
    )
  })

  it('finds a fork’s pull request by its head commit and repository, and says whose figures they are', async () => {
    const hop = await run(forkRun(), await artifact())
    expect(hop.exitCode).toBe(0)
    expect(hop.outputs.action).toBe('created')
    expect(api.requests).toContain('GET /repos/acme/shop/pulls')
    expect(touching4242()).toEqual([])
    const ours = api.comments.find(c => c.issue_number === 7)!
    expect(ours.body.startsWith(MARKER)).toBe(true)
    expect(ours.body).toContain(REPORTED)
    // The link goes to the triggering run the event names, and the summary is this run's.
    expect(ours.body).toContain('[The run](<https://github.com/acme/shop/actions/runs/555>)')
    expect(api.comments.find(c => c.issue_number === 4242)!.body).toBe(THEIRS)
  })

  it('takes a same-repository pull request from pull_requests[] without a lookup', async () => {
    const sameRepo = forkRun({
      head_repository: { full_name: 'acme/shop' },
      pull_requests: [
        {
          number: 7,
          head: { ref: 'feature', sha: HEAD_SHA, repo: { name: 'shop' } },
          base: {
            ref: 'main',
            repo: { name: 'shop', url: 'https://api.github.com/repos/acme/shop' }
          }
        }
      ]
    })
    const hop = await run(sameRepo, await artifact())
    expect(hop.outputs.action).toBe('created')
    expect(api.requests.some(r => r.includes('/pulls'))).toBe(false)
    expect(api.comments.map(c => c.issue_number)).toEqual([4242, 7])
  })

  it('posts nothing when no open pull request has the run’s head commit', async () => {
    api.pulls[0]!.head.sha = 'b'.repeat(40)
    const stale = await run(forkRun(), await artifact())
    expect(stale.exitCode).toBe(0)
    expect(api.comments).toHaveLength(1)
    expect(stale.annotations.find(a => a.level === 'warning')!.message).toMatch(
      /no open pull request has the triggering run’s head commit/
    )
  })
})
