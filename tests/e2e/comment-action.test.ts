/**
 * actions/comment through the bundled dist/comment/index.js, run as the runner runs it, with
 * hand-built results files and the local fake GitHub API: the comment on a pull request, kept to one;
 * a fork's read-only token; the workflow_run hop; and hostile text from the results rendered inert.
 */
import path from 'node:path'

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'

import { runAction } from '../helpers/action-runner.js'
import { type FakeGitHubApi, startFakeGitHubApi } from '../helpers/fake-github-api.js'
import { healthy, injectPayload, scenario } from '../helpers/inject-results.js'
import { tempDir } from '../helpers/processes.js'
import { resultsFile } from '../helpers/results.js'

let api: FakeGitHubApi
let workspace: string
const HOSTILE = 'checkout <img src=x onerror=alert(1)> @here [click](http://evil.example)'

beforeAll(async () => {
  api = await startFakeGitHubApi()
  workspace = await tempDir()
  const results = path.join(workspace, 'chaos-results')
  const env = {
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_RUN_ID: '99',
    GITHUB_REF: 'refs/pull/7/merge'
  }
  await resultsFile(
    results,
    'inject',
    injectPayload([
      healthy('search'),
      scenario({ name: HOSTILE, status: 'invalid', reason: 'no' })
    ]),
    env
  )
  await resultsFile(
    results,
    'heal',
    {
      command: 'npm test',
      outcome: 'flaky-pass',
      healed: true,
      cancelled: false,
      category: 'network',
      exit_code: 0,
      duration_ms: 10,
      max_attempts: 3,
      attempts: [
        { number: 1, exit_code: 1, category: 'network', decision: 'retry', strategy: 'backoff' },
        { number: 2, exit_code: 0, category: null, decision: null, strategy: null }
      ]
    },
    env
  )
})

afterAll(async () => {
  await api.close()
})

beforeEach(() => {
  api.comments.length = 0
  api.requests.length = 0
})

const pullRequest = (head = 'acme/shop') => ({
  pull_request: { number: 7, head: { repo: { full_name: head } } },
  repository: { full_name: 'acme/shop', default_branch: 'main' }
})

const run = (event: unknown, eventName: string, inputs: Record<string, string> = {}) =>
  runAction('comment', {
    workspace,
    event,
    eventName,
    inputs: { token: 'test-token', ...inputs },
    env: { GITHUB_API_URL: api.url, GITHUB_REPOSITORY: 'acme/shop', GITHUB_WORKFLOW: 'chaos' }
  })

describe('actions/comment (bundled)', () => {
  it('posts one sticky comment on the pull request and updates it on the next run', async () => {
    const first = await run(pullRequest(), 'pull_request')
    expect(first.exitCode).toBe(0)
    expect(first.outputs).toMatchObject({ action: 'created', passed: 'false' })
    expect(api.comments).toHaveLength(1)
    const body = api.comments[0]!.body
    expect(body.startsWith('<!-- chaos-ci:chaos -->')).toBe(true)
    expect(body).toMatch(/\| inject \| ❌ \| 1 of 2 scenario\(s\) passed, 1 invalid/)
    expect(body).toMatch(/\| heal \| ⚠️ \| flaky-pass after 2 attempt\(s\) \(network\) \|/)
    expect(body).toContain('<summary>Healing attempts</summary>')
    expect(body).toContain('[The run](https://github.com/acme/shop/actions/runs/99)')
    expect(first.summary).toContain('### chaos-ci: ❌ failed')
    const second = await run(pullRequest(), 'pull_request')
    expect(second.outputs.action).toBe('updated')
    expect(api.comments).toHaveLength(1)
  })

  it('on a fork, says the token is read-only and points at workflow_run, without failing', async () => {
    const fork = await run(pullRequest('mallory/shop'), 'pull_request')
    expect(fork.exitCode).toBe(0)
    expect(api.requests).toEqual([])
    const warning = fork.annotations.find(a => a.level === 'warning')!
    expect(warning.message).toMatch(/comes from a fork, where GITHUB_TOKEN is read-only/)
    expect(warning.message).toMatch(/examples\/workflows\/comment-fork\.yml/)
    const required = await run(pullRequest('mallory/shop'), 'pull_request', { required: 'true' })
    expect(required.exitCode).toBe(1)
  })

  it('in a workflow_run workflow, finds the pull request in the results and names the comment after the workflow', async () => {
    const hop = await run(
      { workflow_run: { name: 'chaos validation' }, repository: { full_name: 'acme/shop' } },
      'workflow_run'
    )
    expect(hop.exitCode).toBe(0)
    expect(hop.outputs.action).toBe('created')
    expect(api.comments[0]).toMatchObject({ issue_number: 7 })
    expect(api.comments[0]!.body.startsWith('<!-- chaos-ci:chaos validation -->')).toBe(true)
  })

  it('renders text from the results inert: no HTML, no links, no mentions', async () => {
    await run(pullRequest(), 'pull_request')
    const body = api.comments[0]!.body
    // The name is there, with every Markdown and HTML character escaped and its mention broken.
    expect(body).toContain('checkout \\<img src=x onerror=alert\\(1\\)\\> @\u200bhere \\[click\\]')
    expect(body).not.toMatch(/[^\\]<img|[^\\]\[click|@here/)
  })

  it('warns when the token may not comment, and says where the comment is', async () => {
    api.readOnly = true
    try {
      const refused = await run(pullRequest(), 'pull_request')
      expect(refused.exitCode).toBe(0)
      expect(refused.annotations.find(a => a.level === 'warning')!.message).toMatch(
        /pull-requests: write/
      )
      expect(refused.summary).toContain('### chaos-ci')
    } finally {
      api.readOnly = false
    }
  })
})
