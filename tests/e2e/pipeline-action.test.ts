/**
 * The root action (action.yml → dist/pipeline/index.js and post.js) run as the runner runs it,
 * against the demo service, the fake cache service and the fake GitHub API: the whole pipeline on a
 * pull request (results files, comment, report, history DB); a service that never comes up (the
 * later stages not run, the step failed, the history still saved by post); mode check; bad input.
 */
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import { type BackgroundProcess, startBackground } from '../../src/core/exec/background.js'
import { openHistory, queryRows } from '../../src/core/history/db.js'
import { ROOT, runAction, runPost } from '../helpers/action-runner.js'
import { type FakeGitHub, startFakeGitHub } from '../helpers/fake-github.js'
import { type FakeGitHubApi, startFakeGitHubApi } from '../helpers/fake-github-api.js'
import { tempDir } from '../helpers/processes.js'
import { closedPort } from '../helpers/servers.js'

const DEMO = path.join(ROOT, 'examples/demo-service')
let service: BackgroundProcess
let base: string
let cache: FakeGitHub
let api: FakeGitHubApi

beforeAll(async () => {
  service = startBackground(process.execPath, [path.join(DEMO, 'server.mjs')], {
    env: { ...process.env, PORT: '0', READY_AFTER_MS: '0' }
  })
  ;[, base] = (await service.waitForLine(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 10_000)) as [
    string,
    string
  ]
  cache = await startFakeGitHub()
  api = await startFakeGitHubApi()
})

afterAll(async () => {
  await service.stop()
  await cache.close()
  await api.close()
})

const PULL_REQUEST = {
  pull_request: { number: 12, head: { repo: { full_name: 'octo-org/demo-service' } } },
  repository: { full_name: 'octo-org/demo-service', default_branch: 'main' }
}

async function env(): Promise<Record<string, string>> {
  return {
    ...cache.env(await tempDir('chaos-ci-runner-temp-')),
    GITHUB_API_URL: api.url,
    GITHUB_REF: 'refs/pull/12/merge',
    GITHUB_WORKFLOW: 'chaos'
  }
}

describe('the root action (bundled)', () => {
  it('runs the whole pipeline on a pull request: results, comment, report and history', async () => {
    const workspace = await tempDir('chaos-ci-pipeline-')
    const runEnv = await env()
    const inputs = {
      'target-url': base,
      config: path.join(DEMO, 'chaos_scenarios.yml'),
      'audit-directory': DEMO,
      rate: '50',
      'baseline-seconds': '1',
      token: 'test-token'
    }
    const main = await runAction('./', {
      workspace,
      inputs,
      env: runEnv,
      event: PULL_REQUEST,
      eventName: 'pull_request',
      timeoutMs: 120_000
    })
    expect(main.stderr).toBe('')
    expect(main.exitCode).toBe(0)
    expect(main.outputs).toMatchObject({
      passed: 'true',
      'failed-stages': '',
      'results-dir': 'chaos-results',
      'report-file': 'chaos-results/chaos-ci-report.md',
      'history-db': 'reports/chaos_history.db'
    })
    const files = (await readdir(path.join(workspace, 'chaos-results'))).sort()
    for (const stage of ['health', 'audit', 'inject', 'validate'])
      expect(files.some(f => f.startsWith(`${stage}-`) && f.endsWith('.json'))).toBe(true)
    // the comment was posted once, and it is the report file
    expect(api.comments).toHaveLength(1)
    const report = await readFile(path.join(workspace, main.outputs['report-file']!), 'utf8')
    expect(api.comments[0]!.body).toBe(report)
    expect(report).toContain('<!-- chaos-ci:chaos -->')
    expect(report).toMatch(/Slow network/)
    expect(main.outputs['comment-url']).toMatch(/issuecomment-\d+/)
    expect(main.summary).toMatch(/chaos-ci pipeline[\s\S]*inject[\s\S]*passed/)
    // post: nothing to roll back; the run recorded into the DB; a pull request does not save
    const post = await runPost('./', main, { env: runEnv, eventName: 'pull_request', inputs })
    expect(post.exitCode).toBe(0)
    expect(post.stdout).toMatch(/nothing was left to roll back/)
    expect(post.stdout).toMatch(/history: not saved: pull-request runs/)
    const db = await openHistory(path.join(workspace, 'reports/chaos_history.db'))
    const scenarios = queryRows<{ scenario: string }>(
      db,
      'SELECT DISTINCT scenario FROM scenario_results ORDER BY 1'
    )
    db.close()
    expect(scenarios.map(r => r.scenario)).toEqual([
      'Connections reset',
      'Flaky upstream',
      'Slow network'
    ])
    expect(cache.entries).toHaveLength(0)
  }, 180_000)

  it('passes a scenario within its own slo: the pooled row judges only the others (issue #20)', async () => {
    // 'Own target' is +150 ms under its own 600 ms (a busy CI run measured +328 ms); the file's 100 ms
    // holds only 'Flaky upstream'.
    const main = await runAction('./', {
      workspace: await tempDir('chaos-ci-pipeline-own-slo-'),
      inputs: {
        'target-url': base,
        config: path.join(ROOT, 'tests/fixtures/chaos/own-slo.yml'),
        rate: '100',
        'baseline-seconds': '1',
        skip: 'history,audit,comment'
      },
      env: await env(),
      eventName: 'push',
      timeoutMs: 120_000
    })
    expect(main.stdout).toMatch(/chaos-ci validate: passed — 2 scenario\(s\): 2 passed/)
    expect(main.exitCode).toBe(0)
    expect(main.outputs).toMatchObject({ passed: 'true', 'failed-stages': '' })
    expect(main.annotations.filter(a => a.level === 'error')).toEqual([])
    expect(main.summary).toMatch(/all scenarios except Own target \\\(own slo\\\)/)
  }, 180_000)

  it('a service that never comes up: health fails, inject and validate do not run, post still saves', async () => {
    const workspace = await tempDir('chaos-ci-pipeline-')
    const runEnv = { ...(await env()), GITHUB_REF: 'refs/heads/main', GITHUB_RUN_ID: '777' }
    const inputs = {
      'target-url': `http://127.0.0.1:${await closedPort()}`,
      'health-path': '/api/health',
      'health-timeout-seconds': '1',
      config: path.join(DEMO, 'chaos_scenarios.yml'),
      'audit-directory': DEMO,
      skip: 'comment',
      token: 'test-token'
    }
    const main = await runAction('./', { workspace, inputs, env: runEnv, eventName: 'push' })
    expect(main.exitCode).toBe(1)
    expect(main.outputs).toMatchObject({ passed: 'false', 'failed-stages': 'health' })
    expect(main.annotations.some(a => a.message === 'chaos-ci: failed: health')).toBe(true)
    expect(main.summary).toMatch(/inject \| ⏭️ skipped \| — \| the service is not healthy/)
    expect(main.summary).toMatch(/health \| ❌ failed \| failed \|/)
    const files = await readdir(path.join(workspace, 'chaos-results'))
    expect(files.some(f => f.startsWith('inject-'))).toBe(false)
    expect(existsSync(path.join(workspace, main.outputs['report-file']!))).toBe(true)
    const post = await runPost('./', main, { env: runEnv, eventName: 'push', inputs })
    expect(post.exitCode).toBe(0)
    expect(cache.entries.map(e => e.key)).toContain('chaos-history-v1-777-1')
    const db = await openHistory(path.join(workspace, 'reports/chaos_history.db'))
    const stages = queryRows<{ stage: string }>(
      db,
      'SELECT stage, status FROM stage_results ORDER BY stage'
    )
    db.close()
    expect(stages.map(r => r.stage)).toEqual(['audit', 'health'])
  }, 60_000)

  it('mode check: a misspelled input in a workflow fails the workflows check, with its line', async () => {
    const workspace = await tempDir('chaos-ci-pipeline-check-')
    await mkdir(path.join(workspace, '.github/workflows'), { recursive: true })
    await writeFile(
      path.join(workspace, '.github/workflows/chaos.yml'),
      [
        'on: push',
        'permissions:',
        '  contents: read',
        'jobs:',
        '  chaos:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: OWNER/chaos-ci/actions/health@v1',
        '        with:',
        '          url: http://127.0.0.1:8000/health',
        '          requried-successes: 3',
        ''
      ].join('\n')
    )
    const main = await runAction('./', {
      workspace,
      inputs: { mode: 'check', checks: 'workflows,config' }
    })
    expect(main.exitCode).toBe(1)
    expect(main.outputs).toMatchObject({ passed: 'false', 'failed-stages': 'workflows' })
    const annotation = main.annotations.find(a => /requried-successes/.test(a.message))
    expect(annotation?.properties).toMatchObject({
      file: '.github/workflows/chaos.yml',
      line: '11'
    })
    expect(annotation?.message).toMatch(/required-successes/)
    const report = await readFile(path.join(workspace, main.outputs['report-file']!), 'utf8')
    expect(report).toMatch(/workflows/)
    const post = await runPost('./', main, {})
    expect(post.stdout).toMatch(/no pipeline ran/)
  }, 60_000)

  it('a misspelled stage in skip fails before anything runs, naming the input and the fix', async () => {
    const main = await runAction('./', {
      inputs: { 'target-url': base, skip: 'injekt' }
    })
    expect(main.exitCode).toBe(1)
    expect(main.annotations[0]!.message).toMatch(/skip.*'injekt'.*Did you mean 'inject'/s)
    expect(main.stdout).not.toMatch(/at .*\.js:\d+/)
    expect(existsSync(path.join(main.workspace, 'chaos-results'))).toBe(false)
  })
})
