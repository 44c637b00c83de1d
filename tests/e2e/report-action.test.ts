/**
 * actions/report through the bundled dist/report/index.js, run as the runner runs it, against a
 * history database on disk and a local fake GitHub API: the file, the summary, the issue opened and
 * then updated, a read-only token, and no issue at all.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'

import { openBytes, saveHistory } from '../../src/core/history/db.js'
import { recordResults } from '../../src/core/history/record.js'
import { RESULTS_SCHEMA } from '../../src/core/results/schema.js'
import { runAction } from '../helpers/action-runner.js'
import { type FakeGitHubApi, startFakeGitHubApi } from '../helpers/fake-github-api.js'
import { tempDir } from '../helpers/processes.js'

let api: FakeGitHubApi
let workspace: string
const END = '2026-11-29T00:00:00Z'

beforeAll(async () => {
  api = await startFakeGitHubApi()
  workspace = await tempDir()
  const db = await openBytes('h.db', undefined)
  for (let d = 1; d <= 5; d++) {
    const at = new Date(Date.parse(END) - d * 86_400_000).toISOString()
    recordResults(db, {
      schema: RESULTS_SCHEMA,
      stage: 'heal',
      status: 'warned',
      status_reason: 'flaky',
      tool_version: '0.1.0',
      run: {
        repo: 'octo-org/demo-service',
        run_id: String(d),
        run_attempt: 1,
        job: 'chaos',
        step: 'heal',
        sha: null,
        ref: 'refs/heads/main',
        event: 'push',
        started_at: at,
        finished_at: at
      },
      payload: {
        command: 'pytest',
        outcome: 'flaky-pass',
        healed: true,
        attempts: [
          {
            number: 1,
            started_at: at,
            duration_ms: 10,
            exit_code: 1,
            category: 'dependency',
            rule: 'python-module',
            matched_line: "ModuleNotFoundError: No module named 'yaml'",
            decision: 'retry',
            strategy: 'install',
            strategy_outcome: 'done',
            dependency_changes: []
          },
          { number: 2, started_at: at, duration_ms: 10, exit_code: 0, category: null }
        ]
      }
    })
  }
  await saveHistory(db, path.join(workspace, 'reports/chaos_history.db'))
  db.close()
})

afterAll(async () => {
  await api.close()
})

beforeEach(() => {
  api.readOnly = false
  api.requests.length = 0
})

const inputs = (more: Record<string, string> = {}) => ({
  workspace,
  inputs: { token: 'test-token', end: END, ...more },
  env: { GITHUB_API_URL: api.url }
})

describe('actions/report (bundled)', () => {
  it('writes the report, its summary, and opens the report issue, then updates it', async () => {
    const first = await runAction('report', inputs())
    expect(first.exitCode).toBe(0)
    const file = path.join(workspace, 'reports/chaos-report.md')
    const markdown = readFileSync(file, 'utf8')
    expect(markdown).toContain('## Executive summary')
    expect(markdown).toContain('Dependency failures recurred 5× on `yaml`')
    expect(markdown).toContain('`dependency` failures were healed in 5 of 5 steps')
    expect(first.summary).toContain('## Recommendations and next steps')
    expect(first.outputs).toMatchObject({
      'report-file': 'reports/chaos-report.md',
      'issue-number': '1',
      recommendations: '3'
    })
    expect(api.issues[0]).toMatchObject({
      title: 'chaos-ci weekly report',
      labels: ['chaos-ci', 'chaos-report']
    })
    expect(api.issues[0]!.body).toBe(markdown)
    const second = await runAction('report', inputs())
    expect(second.exitCode).toBe(0)
    expect(second.outputs['issue-number']).toBe('1')
    expect(api.issues).toHaveLength(1)
    expect(api.comments.filter(c => c.issue_number === 1)).toHaveLength(1)
    // The token is masked for the runner, and never printed otherwise.
    expect(second.stdout).toContain('::add-mask::test-token')
    expect(second.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain('test-token')
  })

  it('warns and still succeeds when the token may not write issues', async () => {
    api.readOnly = true
    const run = await runAction('report', inputs({ issue: 'weekly' }))
    expect(run.exitCode).toBe(0)
    expect(
      run.annotations.find(a => a.level === 'warning' && /issues: write/.test(a.message))
    ).toBeDefined()
    expect(run.outputs['issue-number']).toBeUndefined()
  })

  it('with issue: none, touches no API; a bad input fails with the fix', async () => {
    const none = await runAction('report', inputs({ issue: 'none', output: 'out/r.md' }))
    expect(none.exitCode).toBe(0)
    expect(api.requests).toEqual([])
    expect(existsSync(path.join(workspace, 'out/r.md'))).toBe(true)
    const bad = await runAction('report', inputs({ issue: 'monthly' }))
    expect(bad.exitCode).toBe(1)
    expect(bad.stdout).toMatch(/'monthly' is not an issue mode/)
    expect(bad.stdout).toMatch(/rolling \(one issue, a comment per report\), weekly/)
  })
})
