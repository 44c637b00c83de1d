/**
 * actions/validate through the bundled dist/validate/index.js, run as the runner runs it: first the
 * bundled inject against the demo service, then validate on its results in the same workspace — the
 * verdicts must follow the measured metrics — and the errors for bad input.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import { type BackgroundProcess, startBackground } from '../../src/core/exec/background.js'
import type { InjectPayload } from '../../src/core/experiment/payload.js'
import { parseResults } from '../../src/core/results/codec.js'
import type { ValidatePayload } from '../../src/core/validate/payload.js'
import { type ActionRun, ROOT, runAction } from '../helpers/action-runner.js'

const CONFIG = path.join(ROOT, 'examples/demo-service/chaos_scenarios.yml')

function payloadOf<P>(run: ActionRun, stage: 'inject' | 'validate'): P {
  const file = path.join(run.workspace, run.outputs['results-file']!)
  return parseResults<P>(file, readFileSync(file, 'utf8'), stage).payload
}

describe('actions/validate (bundled), after actions/inject against the demo service', () => {
  let service: BackgroundProcess
  let base: string
  let inject: ActionRun
  let measured: InjectPayload

  beforeAll(async () => {
    service = startBackground(
      process.execPath,
      [path.join(ROOT, 'examples/demo-service/server.mjs')],
      {
        env: { ...process.env, PORT: '0', READY_AFTER_MS: '0' }
      }
    )
    ;[, base] = (await service.waitForLine(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 10_000)) as [
      string,
      string
    ]
    inject = await runAction('inject', {
      inputs: {
        config: CONFIG,
        'target-url': base,
        requests: 'GET /api/items',
        rate: '100',
        'baseline-seconds': '1',
        'slice-ms': '200',
        'cooldown-seconds': '0'
      }
    })
    if (inject.exitCode !== 0) throw new Error(`inject failed:\n${inject.stdout}\n${inject.stderr}`)
    measured = payloadOf<InjectPayload>(inject, 'inject')
  }, 60_000)

  afterAll(async () => {
    await service.stop()
  })

  it('fails exactly the SLOs the measurements cross, with annotations, a summary and JUnit', async () => {
    const slow = measured.scenarios.find(s => s.name === 'Slow network')!
    const flaky = measured.scenarios.find(s => s.name === 'Flaky upstream')!
    // Thresholds set between what the scenarios measured: the slow one's p95 is over 100 ms, the
    // others' far under; Flaky upstream's window has errors, Slow network's none.
    expect(slow.phases.inject!.p95).toBeGreaterThan(140)
    expect(flaky.phases.inject!.p95).toBeLessThan(100)
    const run = await runAction('validate', {
      workspace: inject.workspace,
      inputs: {
        config: CONFIG,
        slos: "http_req_duration: ['p(95)<100']\nwarning:\n  http_req_failed: ['rate<0.05']",
        'junit-file': 'chaos-results/validate.xml'
      }
    })
    expect(run.exitCode).toBe(1)
    const payload = payloadOf<ValidatePayload>(run, 'validate')
    const latency = (name: string) =>
      payload.scenarios.find(s => s.name === name)!.slos.find(slo => slo.key === 'latency p95')!
    expect(latency('Slow network')).toMatchObject({
      verdict: 'fail',
      value: slow.phases.inject!.p95
    })
    expect(latency('Flaky upstream')).toMatchObject({
      verdict: 'pass',
      value: flaky.phases.inject!.p95
    })
    // The error rate over the fault and recovery windows, recomputed from the inject results.
    const window = [flaky.phases.inject!, flaky.phases.recovery!]
    const requests = window.reduce((sum, p) => sum + p.requests, 0)
    const ok = window.reduce((sum, p) => sum + p.ok, 0)
    const errorRate = payload.scenarios
      .find(s => s.name === 'Flaky upstream')!
      .slos.find(slo => slo.key === 'error_rate')!
    expect(errorRate.value).toBeCloseTo((100 * (requests - ok)) / requests, 2)
    // 5% warns (the inline warning), 25% warns (the file's target), 40% blocks.
    expect(errorRate.verdict).toBe(
      errorRate.value! > 40 ? 'fail' : errorRate.value! > 5 ? 'warn' : 'pass'
    )
    const failed = [...payload.scenarios.flatMap(s => s.slos), ...payload.overall].filter(
      slo => slo.verdict === 'fail'
    )
    expect(run.outputs).toMatchObject({
      passed: 'false',
      'failed-slos': String(failed.length),
      'warned-slos': String(payload.summary.warned_slos),
      regressions: '0',
      'junit-file': 'chaos-results/validate.xml'
    })
    expect(run.annotations.filter(a => a.level === 'error').length).toBeGreaterThanOrEqual(
      failed.length
    )
    expect(
      run.annotations.find(a => a.message.startsWith('Slow network: latency p95'))
    ).toMatchObject({
      level: 'error'
    })
    // The file's threshold annotates its line in the scenario file.
    expect(run.summary).toContain('| Slow network | latency p95 |')
    expect(run.summary).toContain('no history database at')
    const xml = readFileSync(path.join(run.workspace, 'chaos-results/validate.xml'), 'utf8')
    const cases =
      payload.scenarios.reduce((n, s) => n + Math.max(1, s.slos.length), 0) + payload.overall.length
    expect(xml.match(/<testcase /g)).toHaveLength(cases)
    expect(run.stdout).not.toMatch(/\n\s+at .*\.js:\d+/)
  })

  it('passes when the measurements are within the SLOs, warnings and all', async () => {
    const run = await runAction('validate', {
      workspace: inject.workspace,
      inputs: { config: CONFIG }
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.passed).toBe('true')
    expect(run.outputs['failed-slos']).toBe('0')
    // Connections reset fails every request for 2 s: over the file's 25% target, it warns, and
    // the warning points at the target's line in the scenario file.
    const warning = run.annotations.find(a => a.message.startsWith('Connections reset: error rate'))
    const targetLine =
      readFileSync(CONFIG, 'utf8')
        .split('\n')
        .findIndex(line => line.trim() === 'max_error_rate_percent: 25') + 1
    expect(warning).toMatchObject({
      level: 'warning',
      properties: { file: CONFIG, line: String(targetLine) }
    })
  })

  it("never fails a scenario's own target through the pooled row (issue #20)", async () => {
    // 'Own target' is +150 ms under its own 600 ms (a busy CI run measured +328 ms); the file's 100 ms
    // holds only 'Flaky upstream'.
    const config = path.join(ROOT, 'tests/fixtures/chaos/own-slo.yml')
    const own = await runAction('inject', {
      inputs: {
        config,
        'target-url': base,
        requests: 'GET /api/items',
        rate: '100',
        'baseline-seconds': '1',
        'slice-ms': '200'
      }
    })
    expect(own.exitCode).toBe(0)
    const run = await runAction('validate', { workspace: own.workspace, inputs: { config } })
    const payload = payloadOf<ValidatePayload>(run, 'validate')
    const degradation = (name: string) =>
      payload.scenarios.find(s => s.name === name)!.slos.find(s => s.key === 'degradation p95')!
    const slow = degradation('Own target')
    expect(slow).toMatchObject({ verdict: 'pass', blocking: { threshold: 600 } })
    expect(degradation('Flaky upstream')).toMatchObject({ blocking: { threshold: 100 } })
    expect(payload.overall).toEqual([
      expect.objectContaining({
        key: 'degradation p95',
        pooled: ['Flaky upstream'],
        own_slo: ['Own target'],
        blocking: expect.objectContaining({ threshold: 100 }),
        verdict: degradation('Flaky upstream').verdict
      })
    ])
    // Flaky upstream's 503s add no latency: far under 100 ms, so the run passes.
    expect(payload.overall[0]!.verdict).toBe('pass')
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toMatch(/chaos-ci validate: passed — 2 scenario\(s\): 2 passed/)
    expect(run.summary).toMatch(/all scenarios except Own target \\\(own slo\\\)/)
    expect(
      run.annotations.filter(a => /Own target/.test(a.message) && a.level === 'error')
    ).toEqual([])
  }, 60_000)

  it('stops at once on bad input, naming it and the fix, without a stack trace', async () => {
    const policy = await runAction('validate', {
      workspace: inject.workspace,
      inputs: { config: CONFIG, 'invalid-policy': 'maybe' }
    })
    expect(policy.exitCode).toBe(1)
    expect(policy.stdout).toMatch(/invalid-policy/)
    expect(policy.stdout).toMatch(/fail \(an invalid scenario fails the step\), warn or ignore/)
    const threshold = await runAction('validate', {
      workspace: inject.workspace,
      inputs: { config: CONFIG, slos: "http_req_duration: ['p95 < 300']" }
    })
    expect(threshold.exitCode).toBe(1)
    expect(threshold.stdout).toMatch(/input slos:1:\d+.*'p95 < 300' is not a threshold expression/)
    const missing = await runAction('validate', {
      workspace: inject.workspace,
      inputs: { config: CONFIG, results: 'nowhere' }
    })
    expect(missing.exitCode).toBe(1)
    expect(missing.stdout).toMatch(/nowhere: the results file does not exist/)
    for (const run of [policy, threshold, missing])
      expect(run.stdout).not.toMatch(/\n\s+at .*\.js:\d+/)
  })
})
