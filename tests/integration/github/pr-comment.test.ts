/**
 * The sticky pull-request comment through the real Octokit against the local fake GitHub API:
 * created then updated in place, recreated with the old one minimised, left alone when unchanged,
 * and never confused with someone else's comment that carries the marker.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'

import { createOctokit } from '../../../src/github/octokit.js'
import { upsertStickyComment } from '../../../src/github/pr-comment.js'
import { useFakeGitHubApi } from '../../helpers/fake-github-api.js'

const WHERE = { owner: 'acme', repo: 'shop' }
const MARKER = '<!-- chaos-ci:chaos validation -->'
const fake = useFakeGitHubApi({ beforeAll, afterAll })

beforeEach(() => {
  fake().comments.length = 0
  fake().requests.length = 0
})

const octokit = () => createOctokit('token', () => undefined, { retryAfterBaseValue: 10 })
const upsert = (body: string, mode: 'update' | 'recreate' | 'skip-unchanged' = 'update') =>
  upsertStickyComment(octokit(), WHERE, {
    issueNumber: 7,
    marker: MARKER,
    body: `${MARKER}\n${body}`,
    mode,
    author: 'github-actions'
  })

describe('the sticky comment', () => {
  it('is created once, then updated in place', async () => {
    expect(await upsert('first')).toMatchObject({ action: 'created' })
    const second = await upsert('second')
    expect(second).toMatchObject({ action: 'updated', id: fake().comments[0]!.id })
    expect(fake().comments).toHaveLength(1)
    expect(fake().comments[0]!.body).toContain('second')
  })

  it('ignores a comment by someone else that carries the marker', async () => {
    fake().comments.push({
      id: 1,
      node_id: 'IC_1',
      issue_number: 7,
      body: `${MARKER}\nall green, merge away`,
      user: { login: 'mallory' },
      minimized: false
    })
    expect(await upsert('ours')).toMatchObject({ action: 'created' })
    expect(fake().comments.map(c => [c.user.login, c.body.includes('mallory') || c.body])).toEqual([
      ['mallory', `${MARKER}\nall green, merge away`],
      ['github-actions[bot]', `${MARKER}\nours`]
    ])
  })

  it('recreates: the old comment minimised as outdated, a new one posted', async () => {
    await upsert('old')
    const result = await upsert('new', 'recreate')
    expect(result.action).toBe('recreated')
    expect(fake().comments.map(c => [c.body.split('\n')[1], c.minimized])).toEqual([
      ['old', true],
      ['new', false]
    ])
    expect(fake().requests).toContain('POST /graphql')
  })

  it('skips an unchanged body, and updates a changed one', async () => {
    await upsert('same')
    fake().requests.length = 0
    expect(await upsert('same', 'skip-unchanged')).toMatchObject({ action: 'unchanged' })
    expect(fake().requests.filter(r => r.startsWith('PATCH'))).toEqual([])
    expect(await upsert('changed', 'skip-unchanged')).toMatchObject({ action: 'updated' })
  })

  it('finds its comment past the first page of a long thread', async () => {
    for (let i = 0; i < 130; i++)
      fake().comments.push({
        id: 5000 + i,
        node_id: `IC_${5000 + i}`,
        issue_number: 7,
        body: `comment ${i}`,
        user: { login: 'someone' },
        minimized: false
      })
    await upsert('late')
    expect(await upsert('later')).toMatchObject({ action: 'updated' })
    expect(fake().comments.filter(c => c.body.includes(MARKER))).toHaveLength(1)
    expect(fake().requests.filter(r => r === 'GET /repos/acme/shop/issues/7/comments').length).toBe(
      4
    )
  })
})
