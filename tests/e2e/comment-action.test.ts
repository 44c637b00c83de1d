/**
 * actions/comment through the bundled dist/comment/index.js, run as the runner runs it, with
 * hand-built results files and the local fake GitHub API: the comment on a pull request, kept to one;
 * a fork's read-only token; hostile text from the results rendered inert; and the size cut at and
 * over GitHub's limits. The workflow_run hop has its own file (comment-workflow-run.test.ts).
 */
import path from 'node:path'

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'

import { runAction } from '../helpers/action-runner.js'
import { validatePayload } from '../helpers/comment-results.js'
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
    env: {
      GITHUB_API_URL: api.url,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_WORKFLOW: 'chaos',
      GITHUB_RUN_ID: '99'
    }
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
    expect(body).toContain('[The run](<https://github.com/acme/shop/actions/runs/99>)')
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

  it('in a workflow_run workflow, never takes the pull request from the results’ ref', async () => {
    // The results say refs/pull/7/merge; the event names no run and no pull request.
    const hop = await run(
      { workflow_run: { name: 'chaos validation' }, repository: { full_name: 'acme/shop' } },
      'workflow_run'
    )
    expect(hop.exitCode).toBe(0)
    expect(hop.outputs.action).toBeUndefined()
    expect(api.requests).toEqual([])
    expect(api.comments).toEqual([])
    expect(hop.annotations.find(a => a.level === 'warning')!.message).toMatch(
      /refused the results: the workflow_run event has no run id, so its pull request is unknown/
    )
  })

  it('renders text from the results inert: no HTML, no links, no mentions', async () => {
    await run(pullRequest(), 'pull_request')
    const body = api.comments[0]!.body
    // The name is there, every Markdown and HTML character escaped, its mention broken, its URL code.
    expect(body).toContain(
      'checkout \\<img src=x onerror=alert\\(1\\)\\> @\u200bhere \\[click\\]\\(`http://evil'
    )
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

describe('actions/comment at GitHub’s size limits (bundled)', () => {
  const ENV = {
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_RUN_ID: '99',
    GITHUB_REF: 'refs/pull/7/merge'
  }
  const rows = (text: string): RegExpMatchArray[] => [...text.matchAll(/^\| scenario\d+ \|/gm)]
  const artifact = async (scenarios: number): Promise<string> => {
    const dir = path.join(await tempDir(), 'chaos-results')
    await resultsFile(
      dir,
      'inject',
      injectPayload([scenario({ name: 'n'.repeat(70_000), status: 'failed', reason: 'no' })]),
      ENV
    )
    await resultsFile(
      dir,
      'validate',
      validatePayload(scenarios, 1, i => `scenario${i}`, false),
      ENV
    )
    return dir
  }

  it('cuts a comment over 65,536 characters to fit, and the job summary has every row it cut', async () => {
    const posted = await run(pullRequest(), 'pull_request', { results: await artifact(1_500) })
    // The fake, like GitHub, refuses a body over 65,536 characters (422): without the cut this fails.
    expect(posted.exitCode).toBe(0)
    expect(posted.outputs.action).toBe('created')
    const body = api.comments[0]!.body
    expect(body.length).toBeLessThanOrEqual(65_536)
    expect(body.length).toBeGreaterThan(60_000)
    const kept = rows(body).length
    expect(body).toContain(
      `_${1_500 - kept} more row(s) cut at GitHub’s comment limit (65,536 characters): the job summary of [the run that posted this comment](<https://github.com/acme/shop/actions/runs/99>) has them._`
    )
    for (const cut of [kept, 1_499]) {
      expect(body).not.toContain(`| scenario${cut} |`)
      expect(posted.summary).toContain(`| scenario${cut} |`)
    }
    expect(rows(posted.summary)).toHaveLength(1_500)
    // The 70,000-character scenario name is clipped in its cell; the table keeps its row.
    expect(body).toMatch(
      /^\| inject \| ❌ \| 0 of 1 scenario\(s\) passed, 1 failed: n{99}… \(failed\) \|$/m
    )
  })

  it('says the results files have the rest when the job summary cannot hold it either (over 1 MiB)', async () => {
    const posted = await run(pullRequest(), 'pull_request', { results: await artifact(16_000) })
    expect(posted.exitCode).toBe(0)
    expect(Buffer.byteLength(posted.summary)).toBeLessThanOrEqual(1024 * 1024)
    expect(posted.summary).toContain('The rest was cut at GitHub’s 1 MiB job-summary limit')
    const body = api.comments[0]!.body
    expect(body.length).toBeLessThanOrEqual(65_536)
    expect(body).toMatch(
      /_\d+ more row\(s\) cut at GitHub’s comment limit \(65,536 characters\): the results files have them\._/
    )
    expect(body).not.toContain('job summary of')
  })
})
