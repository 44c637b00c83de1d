/** The experiment's one status: doing nothing is never green (issue #18 item 4; #20). */
import { describe, expect, it } from '@jest/globals'

import { injectVerdict } from '../../../../src/core/experiment/describe.js'
import type { InjectPayload } from '../../../../src/core/experiment/payload.js'
import {
  injectStatus,
  newResult,
  type ScenarioResult,
  summarizeResults
} from '../../../../src/core/experiment/result.js'
import { stepPasses } from '../../../../src/core/results/status.js'

const scenario = { name: 'redis outage', type: 'database_down', intensity: 'medium', duration: 5 }

const statusOf = (scenarios: ScenarioResult[], dryRun = false) =>
  injectStatus({ dry_run: dryRun, scenarios, summary: summarizeResults(scenarios) })

describe('the experiment status', () => {
  it('is nothing-ran when every scenario was skipped or not supported, and says why', () => {
    const scenarios = [
      newResult(scenario, 'docker stop redis', 'not-supported', 'no Docker engine on this runner'),
      newResult({ ...scenario, name: 'b' }, 'tc netem', 'skipped', 'not allowed in staging')
    ]
    const status = statusOf(scenarios)
    expect(status.status).toBe('nothing-ran')
    expect(status.status_reason).toContain('not-supported: no Docker engine on this runner')
    expect(status.status_reason).toContain('skipped: not allowed in staging')
    expect(stepPasses(status.status, { onEmpty: 'fail' })).toBe(false)
    expect(stepPasses(status.status, { onEmpty: 'warn' })).toBe(true)
    const verdict = injectVerdict({
      dry_run: false,
      scenarios,
      summary: summarizeResults(scenarios),
      seed: 1
    } as unknown as InjectPayload)
    expect(verdict).toMatch(/^nothing ran: no scenario's fault ran \(2 scenario\(s\)/)
  })

  it('is nothing-ran with no scenario at all', () => {
    expect(statusOf([]).status).toBe('nothing-ran')
    expect(statusOf([]).status_reason).toBe('no scenario was selected to run')
  })

  it('is planned for a dry run, passed when a fault ran and passed, failed when any failed', () => {
    expect(statusOf([], true).status).toBe('planned')
    const passed = newResult(scenario, 'f', 'passed', null)
    const skipped = newResult({ ...scenario, name: 's' }, 'f', 'skipped', 'x')
    expect(statusOf([passed, skipped]).status).toBe('passed')
    const invalid = newResult({ ...scenario, name: 'i' }, 'f', 'invalid', 'did not land')
    const failed = statusOf([passed, invalid])
    expect(failed.status).toBe('failed')
    expect(stepPasses(failed.status, { onEmpty: 'warn' })).toBe(false)
  })
})
