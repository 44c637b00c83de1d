/** The experiment's one status: doing nothing is never green (issue #18 item 4). */
import { describe, expect, it } from '@jest/globals'

import { injectVerdict } from '../../../../src/core/experiment/describe.js'
import type { InjectPayload } from '../../../../src/core/experiment/inject.js'
import {
  injectStepPasses,
  newResult,
  summarizeResults
} from '../../../../src/core/experiment/result.js'

const scenario = { name: 'redis outage', type: 'database_down', intensity: 'medium', duration: 5 }

describe('the experiment status', () => {
  it('is nothing-ran when every scenario was skipped or not supported, and says why', () => {
    const summary = summarizeResults([
      newResult(scenario, 'docker stop redis', 'not-supported', 'no Docker engine on this runner'),
      newResult({ ...scenario, name: 'b' }, 'tc netem', 'skipped', 'not allowed in staging')
    ])
    expect(summary.status).toBe('nothing-ran')
    expect(summary.status_reason).toContain('not-supported: no Docker engine on this runner')
    expect(summary.status_reason).toContain('skipped: not allowed in staging')
    expect(injectStepPasses(summary, 'fail')).toBe(false)
    expect(injectStepPasses(summary, 'warn')).toBe(true)
    const verdict = injectVerdict({ summary, seed: 1 } as unknown as InjectPayload)
    expect(verdict).toMatch(/^nothing ran: no scenario's fault ran \(2 scenario\(s\)/)
  })

  it('is nothing-ran with no scenario at all', () => {
    expect(summarizeResults([]).status).toBe('nothing-ran')
    expect(summarizeResults([]).status_reason).toBe('no scenario was selected to run')
  })

  it('is planned for a dry run, passed when a fault ran and passed, failed when any failed', () => {
    expect(summarizeResults([], true).status).toBe('planned')
    const passed = newResult(scenario, 'f', 'passed', null)
    const skipped = newResult({ ...scenario, name: 's' }, 'f', 'skipped', 'x')
    expect(summarizeResults([passed, skipped]).status).toBe('passed')
    const invalid = newResult({ ...scenario, name: 'i' }, 'f', 'invalid', 'did not land')
    const failed = summarizeResults([passed, invalid])
    expect(failed.status).toBe('failed')
    expect(injectStepPasses(failed, 'warn')).toBe(false)
  })

  it('judges files written before the status existed by their counts, as then', () => {
    expect(injectStepPasses({ failed: 0, invalid: 0 } as never, 'fail')).toBe(true)
    expect(injectStepPasses({ failed: 1, invalid: 0 } as never, 'warn')).toBe(false)
  })
})
