/**
 * The Chaos Toolkit journal, checked against Chaos Toolkit's own rules as tests/helpers/ctk-rules.ts
 * restates them from chaoslib and the journal reference: for every way a scenario can end, the
 * journal is valid, and its status, `deviated` and steady states say what chaoslib would have.
 */
import { describe, expect, it } from '@jest/globals'

import { CTK_STATUSES, ctkJournal } from '../../../../src/core/experiment/ctk-journal.js'
import type { ScenarioResult, ScenarioStatus } from '../../../../src/core/experiment/result.js'
import { ctkProblems } from '../../../helpers/ctk-rules.js'
import { injectPayload, scenario } from '../../../helpers/inject-results.js'

const HOST = { platform: 'Linux-6.1.0-x64', node: 'runner-1' }

/** A scenario that ended as `status`, with what the engine records for that end. */
function ended(status: ScenarioStatus): ScenarioResult {
  const notMet = status === 'steady-state-not-met'
  const result = scenario({
    name: `ends ${status}`,
    status,
    reason: status === 'passed' ? undefined : `why it is ${status}`,
    baseline: { latencies: { ms: 5, requests: 100 } },
    ...(notMet ? {} : { inject: { latencies: { ms: 50, requests: 100 } } }),
    ...(notMet ? {} : { recovery: { latencies: { ms: 5, requests: 50 } } }),
    ...(notMet ? {} : { recoverySeconds: status === 'failed' ? null : 1 })
  })
  result.steady_state = {
    healthy: !notMet,
    detail: notMet ? '503 from /health' : '200 from /health'
  }
  result.rollback = notMet
    ? []
    : [
        { name: 'close the HTTP fault proxy', ok: true, ms: 3 },
        {
          name: 'remove the toxic',
          ok: status !== 'error',
          ms: 1,
          error: status === 'error' ? 'EPIPE' : undefined
        }
      ]
  return result
}

const ENDS: ScenarioStatus[] = [
  'passed',
  'failed',
  'steady-state-not-met',
  'invalid',
  'aborted',
  'interrupted',
  'error'
]

describe('the Chaos Toolkit journal', () => {
  it.each(ENDS)('is valid by Chaos Toolkit’s rules for a scenario that ended %s', status => {
    const journal = ctkJournal(ended(status), injectPayload([]), HOST)
    expect(ctkProblems(journal)).toEqual([])
  })

  it('says what chaoslib would have: status, deviated and the steady states', () => {
    const of = (status: ScenarioStatus) => ctkJournal(ended(status), injectPayload([]), HOST)
    expect(of('passed')).toMatchObject({
      status: 'completed',
      deviated: false,
      steady_states: { before: { steady_state_met: true }, after: { steady_state_met: true } }
    })
    // Not recovered: the steady state after the method was not met, so it deviated.
    expect(of('failed')).toMatchObject({
      status: 'failed',
      deviated: true,
      steady_states: { after: { steady_state_met: false } }
    })
    // Not healthy before: chaoslib fails the experiment without running the method.
    expect(of('steady-state-not-met')).toMatchObject({ status: 'failed', deviated: false, run: [] })
    expect(of('interrupted')).toMatchObject({ status: 'interrupted', deviated: false })
    expect(of('error')).toMatchObject({ status: 'aborted', deviated: false })
    for (const status of ENDS) expect(CTK_STATUSES).toContain(of(status).status)
  })

  it('names the machine and the format, and makes each rollback a replayable action', () => {
    const journal = ctkJournal(ended('error'), injectPayload([]), HOST)
    expect(journal).toMatchObject({
      'chaoslib-version': expect.stringMatching(/^1\.\d+\.\d+$/) as unknown,
      platform: HOST.platform,
      node: HOST.node,
      generator: 'chaos-ci'
    })
    expect(journal.rollbacks).toEqual([
      expect.objectContaining({ status: 'succeeded' }),
      expect.objectContaining({
        status: 'failed',
        exception: ['EPIPE'],
        activity: {
          type: 'action',
          name: 'remove the toxic',
          provider: { type: 'process', path: 'chaos-ci', arguments: ['rollback'] }
        }
      })
    ])
  })

  it('finds what the old journal broke: no provider on rollbacks, an unknown provider type, nulls', () => {
    interface Old {
      'chaoslib-version': unknown
      status: unknown
      experiment: { method: Array<{ provider: { type: string } }>; rollbacks: unknown[] }
      steady_states: { after: { probes: unknown[] } }
    }
    const journal = ctkJournal(ended('failed'), injectPayload([]), HOST) as unknown as Old
    journal['chaoslib-version'] = null
    journal.experiment.method[0]!.provider.type = 'chaos-ci'
    journal.experiment.rollbacks = [{ type: 'action', name: 'close' }]
    journal.steady_states.after.probes = []
    journal.status = 'deviated'
    expect(ctkProblems(journal as unknown as Record<string, unknown>)).toEqual(
      expect.arrayContaining([
        'chaoslib-version: not a non-empty string',
        'status: deviated is not one of completed, failed, aborted, interrupted',
        'method[0]: provider type chaos-ci is not python, process or http',
        'rollbacks[0]: an activity needs a provider',
        'steady_states.after: steady_state_met stands on no probe run'
      ])
    )
  })
})
