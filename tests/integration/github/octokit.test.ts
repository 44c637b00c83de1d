/**
 * The Octokit factory's write spacing: GitHub's 1 s between writes by default, switched off only for
 * a local fake API (CHAOS_CI_FAKE_GITHUB_API=1 with a loopback GITHUB_API_URL), never for GitHub.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'

import { createOctokit, spacesWrites } from '../../../src/github/octokit.js'
import { useFakeGitHubApi } from '../../helpers/fake-github-api.js'

const WHERE = { owner: 'acme', repo: 'shop' }
const fake = useFakeGitHubApi({ beforeAll, afterAll })

beforeEach(() => {
  fake().labels.length = 0
})

/** Creates `count` labels one after another; resolves with the milliseconds it took. */
async function writes(count: number, spaceWrites?: boolean): Promise<number> {
  const octokit = createOctokit(
    'token',
    () => undefined,
    spaceWrites === undefined ? {} : { spaceWrites }
  )
  const started = performance.now()
  for (let i = 0; i < count; i++)
    await octokit.rest.issues.createLabel({ ...WHERE, name: `label-${i}` })
  return performance.now() - started
}

describe('spacesWrites', () => {
  it('spaces writes unless the API is declared a fake and is on this machine', () => {
    const fakeAt = (url: string) => ({ CHAOS_CI_FAKE_GITHUB_API: '1', GITHUB_API_URL: url })
    expect(spacesWrites({})).toBe(true)
    expect(spacesWrites({ GITHUB_API_URL: 'http://127.0.0.1:8080' })).toBe(true)
    expect(spacesWrites(fakeAt('https://api.github.com'))).toBe(true)
    expect(spacesWrites(fakeAt('https://ghes.example.com/api/v3'))).toBe(true)
    expect(spacesWrites(fakeAt('not a url'))).toBe(true)
    expect(
      spacesWrites({ ...fakeAt('http://127.0.0.1:8080'), CHAOS_CI_FAKE_GITHUB_API: 'true' })
    ).toBe(true)
    expect(spacesWrites(fakeAt('http://127.0.0.1:8080'))).toBe(false)
    expect(spacesWrites(fakeAt('http://localhost:8080/api'))).toBe(false)
    expect(spacesWrites(fakeAt('http://[::1]:8080'))).toBe(false)
  })
})

describe('the write spacing of the Octokit factory', () => {
  // Bottleneck starts each write at least 1 s after the previous one: a lower bound, so load cannot break it.
  it('spaces writes at least 1 s apart by default, as GitHub asks', async () => {
    const declared = process.env.CHAOS_CI_FAKE_GITHUB_API
    delete process.env.CHAOS_CI_FAKE_GITHUB_API
    try {
      expect(await writes(3)).toBeGreaterThanOrEqual(2 * 1000 - 50)
    } finally {
      process.env.CHAOS_CI_FAKE_GITHUB_API = declared
    }
    expect(fake().labels).toEqual(['label-0', 'label-1', 'label-2'])
  })

  // ten spaced writes take at least 9 s; unspaced, ten local requests take a few milliseconds each
  it('does not space writes to a local fake API declared with CHAOS_CI_FAKE_GITHUB_API=1', async () => {
    expect(process.env.CHAOS_CI_FAKE_GITHUB_API).toBe('1')
    expect(await writes(10)).toBeLessThan(9 * 1000)
    expect(fake().labels).toHaveLength(10)
  })

  it('does not space writes when told so, and the fake still receives every write', async () => {
    expect(await writes(10, false)).toBeLessThan(9 * 1000)
    expect(fake().labels).toHaveLength(10)
  })
})
