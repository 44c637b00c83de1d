/**
 * Whom a workflow_run comment is for: only the trusted event decides (pull_requests[], or the open
 * pull requests whose head is the run's head commit and repository), never the artifact; and an
 * artifact whose run blocks contradict the event is refused, mismatch by mismatch.
 */
import { describe, expect, it } from '@jest/globals'

import {
  artifactMismatches,
  chooseTarget,
  pullRequestsOfHead,
  type WorkflowRunFacts,
  workflowRunFacts
} from '../../../../src/core/comment/trust.js'
import type { RunBlock } from '../../../../src/core/results/schema.js'
import { HEAD_SHA, results } from '../../../helpers/comment-results.js'

const REPO = 'acme/shop'
const entry = (number: number, sha = HEAD_SHA, base = REPO) => ({
  number,
  head: { sha, ref: 'feature', repo: { name: 'shop' } },
  base: { ref: 'main', repo: { name: 'shop', url: `https://api.github.com/repos/${base}` } }
})
const event = (extra: Record<string, unknown> = {}) => ({
  id: 555,
  run_attempt: 2,
  head_sha: HEAD_SHA,
  head_branch: 'feature',
  head_repository: { full_name: 'mallory/shop' },
  event: 'pull_request',
  pull_requests: [],
  ...extra
})
const facts = workflowRunFacts(event(), REPO) as WorkflowRunFacts
const mismatches = (run: Partial<RunBlock>, target = 7) =>
  artifactMismatches(
    [{ file: 'inject.json', results: results('inject', {}, run) }],
    facts,
    target,
    REPO
  )

describe('the pull request of a workflow_run run', () => {
  it('takes pull_requests[] entries of this repository whose head is the run’s head commit', () => {
    const raw = event({
      pull_requests: [
        entry(7),
        entry(8, 'f'.repeat(40)),
        entry(9, HEAD_SHA, 'mallory/shop'),
        { number: '10' }
      ]
    })
    expect(workflowRunFacts(raw, REPO)).toMatchObject({ id: 555, attempt: 2, pullRequests: [7] })
  })

  it('says why when the event has no run id or head commit', () => {
    expect(workflowRunFacts({ ...event(), id: '555' }, REPO)).toBe(
      'the workflow_run event has no run id'
    )
    expect(workflowRunFacts({ ...event(), head_sha: 'HEAD' }, REPO)).toBe(
      'the workflow_run event has no head commit'
    )
    expect(typeof workflowRunFacts(undefined, REPO)).toBe('string')
  })

  it('keeps, of the API’s pull requests, only those with the run’s head commit from its head repository', () => {
    const pull = (number: number, sha: string, repo: string | null) => ({
      number,
      head: { sha, repo: repo && { full_name: repo } }
    })
    const pulls = [
      pull(7, HEAD_SHA, 'Mallory/Shop'),
      pull(4242, HEAD_SHA, 'someone/shop'),
      pull(11, 'a'.repeat(40), 'mallory/shop'),
      pull(12, HEAD_SHA, null)
    ]
    expect(pullRequestsOfHead(pulls, facts)).toEqual([7])
  })

  it('takes pr-number only when the event backs it', () => {
    expect(chooseTarget([7], 7)).toEqual({ number: 7 })
    expect(chooseTarget([7], 4242)).toEqual({
      refused: true,
      problem:
        'pr-number 4242 is not the pull request the triggering run was for (the event names #7).'
    })
    expect(chooseTarget([], 4242)).toMatchObject({ refused: true })
  })

  it('reports no pull request, or several, without choosing one', () => {
    expect(chooseTarget([7])).toEqual({ number: 7 })
    expect(chooseTarget([])).toMatchObject({ refused: false, problem: /no open pull request/ })
    expect(chooseTarget([7, 8])).toMatchObject({ refused: false, problem: /#7, #8; set pr-number/ })
  })
})

describe('the artifact against the event', () => {
  it('accepts results of the triggering run: its id, its pull request’s merge ref and test merge commit', () => {
    expect(mismatches({})).toEqual([])
    expect(mismatches({ ref: 'refs/pull/7/head', sha: HEAD_SHA })).toEqual([])
    expect(mismatches({ ref: null, sha: null, repo: null, event: null })).toEqual([])
  })

  it('refuses a ref that names another pull request (the attack on #4242)', () => {
    expect(mismatches({ ref: 'refs/pull/4242/merge' })).toEqual([
      'inject.json: ref "refs/pull/4242/merge" names another pull request than #7',
      'inject.json: sha "feed000000000000000000000000000000000000" is not the triggering run\'s head commit ' +
        HEAD_SHA
    ])
  })

  it('refuses another run, a later attempt, another repository, event, branch or commit', () => {
    expect(mismatches({ run_id: '556' })).toEqual([
      'inject.json: run_id "556" is not the triggering run\'s 555'
    ])
    expect(mismatches({ run_attempt: 3 })).toHaveLength(1)
    expect(mismatches({ repo: 'evil/shop' })).toEqual([
      'inject.json: repo "evil/shop" is not acme/shop'
    ])
    expect(mismatches({ event: 'push' })).toHaveLength(1)
    expect(mismatches({ ref: 'refs/heads/main', sha: HEAD_SHA })).toHaveLength(1)
    expect(mismatches({ ref: 'refs/heads/feature', sha: HEAD_SHA })).toEqual([])
    expect(mismatches({ ref: 'refs/pull/7/head', sha: 'b'.repeat(40) })).toHaveLength(1)
  })

  it('quotes and clips what the artifact said, so that a message cannot carry a page of it', () => {
    const [problem] = mismatches({ run_id: `x${'y'.repeat(10_000)}\n::error::z` })
    expect(problem!.length).toBeLessThan(200)
    expect(problem).not.toContain('\n')
  })
})
