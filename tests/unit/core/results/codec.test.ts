import { describe, expect, it } from '@jest/globals'

import { describeError, type UserError } from '../../../../src/core/errors.js'
import { parseResults, serializeResults } from '../../../../src/core/results/codec.js'
import { runBlockFrom } from '../../../../src/core/results/run-block.js'
import { RESULTS_SCHEMA, type ResultsFile } from '../../../../src/core/results/schema.js'
import { userErrorOf } from '../../../helpers/errors.js'

const run = runBlockFrom(
  { GITHUB_RUN_ID: '99', GITHUB_RUN_ATTEMPT: '2', GITHUB_JOB: 'chaos' },
  new Date(0),
  new Date(1000)
)
const sample: ResultsFile<{ healthy: boolean }> = {
  schema: RESULTS_SCHEMA,
  stage: 'health',
  status: 'passed',
  status_reason: null,
  tool_version: '0.1.0',
  run,
  payload: { healthy: true }
}

function failure(text: string, expected?: 'health' | 'inject'): UserError {
  return userErrorOf(() => parseResults('chaos-results/x.json', text, expected))
}

describe('results files', () => {
  it('round-trips through serialize and parse', () => {
    expect(parseResults('f.json', serializeResults(sample), 'health')).toEqual(sample)
  })

  it('rejects broken JSON, naming the file and the line', () => {
    const error = failure('{\n  "schema": "chaos-ci/results/v1",\n  "stage": "health",,\n}')
    expect(error.location.file).toBe('chaos-results/x.json')
    expect(error.location.line).toBe(3)
    expect(describeError(error)).toMatch(/^chaos-results\/x\.json:3:\d+: not valid JSON/)
  })

  it('rejects an empty file', () => {
    expect(failure('').message).toMatch(/empty/)
  })

  it('rejects a file of another schema', () => {
    expect(failure('{"schema": "something/else", "stage": "health"}').message).toMatch(
      /not a chaos-ci results file/
    )
    expect(failure('[1, 2]').message).toMatch(/no "schema"/)
  })

  it('rejects a file from a newer chaos-ci and says to upgrade', () => {
    const error = failure(JSON.stringify({ ...sample, schema: 'chaos-ci/results/v3' }))
    expect(error.message).toMatch(/newer chaos-ci/)
    expect(error.fix).toMatch(/Upgrade/)
  })

  it('rejects an unknown stage, a missing run block and the wrong stage', () => {
    expect(failure(JSON.stringify({ ...sample, stage: 'party' })).message).toMatch(
      /unknown stage "party"/
    )
    expect(
      failure(JSON.stringify({ schema: RESULTS_SCHEMA, stage: 'health', payload: {} })).message
    ).toMatch(/"run" block/)
    expect(failure(serializeResults(sample), 'inject').message).toMatch(
      /expected a "inject" results file, got "health"/
    )
  })
})

describe('the run block', () => {
  it('reads the runner variables', () => {
    const block = runBlockFrom(
      {
        GITHUB_REPOSITORY: 'o/r',
        GITHUB_RUN_ID: '5',
        GITHUB_RUN_ATTEMPT: '3',
        GITHUB_JOB: 'j',
        GITHUB_ACTION: 's',
        GITHUB_SHA: 'abc',
        GITHUB_REF: 'refs/heads/main',
        GITHUB_EVENT_NAME: 'push'
      },
      new Date('2026-01-01T00:00:00Z'),
      new Date('2026-01-01T00:00:05Z')
    )
    expect(block).toEqual({
      repo: 'o/r',
      run_id: '5',
      run_attempt: 3,
      job: 'j',
      step: 's',
      sha: 'abc',
      ref: 'refs/heads/main',
      event: 'push',
      started_at: '2026-01-01T00:00:00.000Z',
      finished_at: '2026-01-01T00:00:05.000Z'
    })
  })

  it('lets the stages of one local run share CHAOS_CI_RUN_ID, which GITHUB_RUN_ID overrides', () => {
    expect(runBlockFrom({ CHAOS_CI_RUN_ID: 'local-demo-1' }, new Date(1), new Date(2)).run_id).toBe(
      'local-demo-1'
    )
    expect(
      runBlockFrom({ CHAOS_CI_RUN_ID: 'x', GITHUB_RUN_ID: '7' }, new Date(1), new Date(2)).run_id
    ).toBe('7')
  })

  it('gives a local run a unique id and nulls for what GitHub would provide', () => {
    const block = runBlockFrom({}, new Date(1234), new Date(2000))
    expect(block).toMatchObject({
      repo: null,
      run_id: 'local-1234',
      run_attempt: 1,
      job: null,
      sha: null
    })
  })
})
