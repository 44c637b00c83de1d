/**
 * The report issue through the real Octokit (with its retry and throttling plugins) against a local
 * fake GitHub API: created, then updated; found only when it is ours; split at the body limit;
 * retried through 5xx and rate limits; and a read-only token's refusal recognised.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'

import { REPORT_MARKER } from '../../../src/core/report/render.js'
import { createOctokit, isReadOnlyRefusal, viewerLogin } from '../../../src/github/octokit.js'
import { publishReportIssue } from '../../../src/github/report-issue.js'
import { useFakeGitHubApi } from '../../helpers/fake-github-api.js'

const WHERE = { owner: 'acme', repo: 'shop' }
const fake = useFakeGitHubApi({ beforeAll, afterAll })
const logged: string[] = []

beforeEach(() => {
  fake().issues.length = 0
  fake().comments.length = 0
  fake().labels.length = 0
  fake().requests.length = 0
  fake().forced.length = 0
  fake().readOnly = false
  logged.length = 0
})

afterEach(() => {
  // Every forced answer was used: the retries really happened.
  if (fake().forced.length)
    throw new Error(`unused forced answers: ${JSON.stringify(fake().forced)}`)
})

const octokit = () =>
  createOctokit('token', line => logged.push(line), {
    retryAfterBaseValue: 10,
    fallbackSecondaryRateRetryAfter: 0.01
  })

function report(week: string, size = 2000): string {
  return `${REPORT_MARKER}\n# chaos-ci report ${week}\n\n## Executive summary\n\n${'figure '.repeat(size / 7)}\n`
}

const request = (markdown: string, author: string) => ({
  markdown,
  marker: REPORT_MARKER,
  title: 'chaos-ci weekly report',
  labels: ['chaos-ci', 'chaos-report'],
  mode: 'rolling' as const,
  author
})

describe('the report issue', () => {
  it('is created with its labels, then updated with a comment per report', async () => {
    const client = octokit()
    const author = await viewerLogin(client)
    expect(author).toBe('github-actions')
    const first = await publishReportIssue(client, WHERE, request(report('W47'), author))
    expect(first).toMatchObject({ number: 1, created: true, comments: 0 })
    expect(fake().labels).toEqual(['chaos-ci', 'chaos-report'])
    expect(fake().issues[0]).toMatchObject({
      title: 'chaos-ci weekly report',
      labels: ['chaos-ci', 'chaos-report']
    })
    const second = await publishReportIssue(client, WHERE, request(report('W48'), author))
    expect(second).toMatchObject({ number: 1, created: false, comments: 1 })
    expect(fake().issues).toHaveLength(1)
    expect(fake().issues[0]!.body).toContain('W48')
    expect(fake().comments.map(c => c.body)).toEqual([report('W48')])
    // Labels that exist are not created again.
    expect(fake().requests.filter(r => r === 'POST /repos/acme/shop/labels')).toHaveLength(2)
  })

  it('ignores an issue that carries the marker and label but that someone else opened', async () => {
    fake().labels.push('chaos-ci', 'chaos-report')
    fake().issues.push({
      number: 1,
      title: 'chaos-ci weekly report',
      body: `${REPORT_MARKER}\nplease click [here](http://evil.example)`,
      labels: ['chaos-ci'],
      state: 'open',
      user: { login: 'mallory' }
    })
    const result = await publishReportIssue(
      octokit(),
      WHERE,
      request(report('W48'), 'github-actions')
    )
    expect(result).toMatchObject({ number: 2, created: true })
    expect(fake().issues[0]!.body).toContain('evil.example')
  })

  it('keeps an issue per ISO week in weekly mode', async () => {
    const client = octokit()
    const weekly = (week: string) => ({
      ...request(report(week), 'github-actions'),
      marker: `<!-- chaos-ci:report:${week} -->`,
      title: `chaos-ci weekly report ${week}`,
      mode: 'weekly' as const
    })
    await publishReportIssue(client, WHERE, weekly('2026-W47'))
    await publishReportIssue(client, WHERE, weekly('2026-W48'))
    const again = await publishReportIssue(client, WHERE, weekly('2026-W48'))
    expect(again).toMatchObject({ number: 2, created: false })
    expect(fake().issues.map(i => i.title)).toEqual([
      'chaos-ci weekly report 2026-W47',
      'chaos-ci weekly report 2026-W48'
    ])
  })

  it('splits a body over 65,536 characters into the issue and comments, losing nothing', async () => {
    const big = report('W48', 150_000)
    const result = await publishReportIssue(octokit(), WHERE, request(big, 'github-actions'))
    expect(result.comments).toBeGreaterThanOrEqual(2)
    expect(fake().issues[0]!.body.length).toBeLessThanOrEqual(65_536)
    expect(fake().comments.every(c => c.body.length <= 65_536)).toBe(true)
    expect(
      fake().issues[0]!.body +
        fake()
          .comments.map(c => c.body)
          .join('')
    ).toBe(big)
  })

  it('retries through 5xx answers and rate limits', async () => {
    fake().forced.push(
      { status: 502, match: /^GET \/repos\/acme\/shop\/labels/ },
      { status: 500, match: /^POST \/repos\/acme\/shop\/issues$/ },
      {
        status: 403,
        match: /^POST \/repos\/acme\/shop\/issues$/,
        message: 'You have exceeded a secondary rate limit',
        headers: { 'retry-after': '0' }
      },
      {
        status: 429,
        match: /^GET \/repos\/acme\/shop\/issues$/,
        headers: { 'retry-after': '0', 'x-ratelimit-remaining': '0' }
      }
    )
    const result = await publishReportIssue(
      octokit(),
      WHERE,
      request(report('W48'), 'github-actions')
    )
    expect(result).toMatchObject({ number: 1, created: true })
    expect(fake().requests.filter(r => r === 'POST /repos/acme/shop/issues')).toHaveLength(3)
    expect(logged.some(line => /secondary rate limit on POST/.test(line))).toBe(true)
  })

  it('gives up after a few retries, and tells a read-only token apart', async () => {
    fake().forced.push(...Array.from({ length: 5 }, () => ({ status: 503, match: /labels/ })))
    await expect(
      publishReportIssue(octokit(), WHERE, request(report('W48'), 'github-actions'))
    ).rejects.toMatchObject({ status: 503 })
    fake().forced.length = 0
    fake().readOnly = true
    fake().labels.push('chaos-ci', 'chaos-report')
    const refusal = await publishReportIssue(
      octokit(),
      WHERE,
      request(report('W48'), 'github-actions')
    ).catch((error: unknown) => error)
    expect(isReadOnlyRefusal(refusal)).toBe(true)
    expect((refusal as Error).message).toContain('Resource not accessible by integration')
  })
})
