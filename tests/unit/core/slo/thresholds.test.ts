/**
 * SLO maps as users write them: the seed's numeric keys and k6 threshold strings, each form, and the
 * errors for malformed ones (file, line and column, and how to fix it).
 */
import { describe, expect, it } from '@jest/globals'

import { holds } from '../../../../src/core/slo/keys.js'
import { readSloMap } from '../../../../src/core/slo/layers.js'
import { loadLocated } from '../../../../src/core/yaml/located.js'
import { userErrorOf } from '../../../helpers/errors.js'

function read(text: string) {
  const layer = readSloMap(loadLocated('slos.yml', text), [], 'test', {
    levels: true,
    recovery: true
  })
  return layer!.checks
}

function only(text: string) {
  const checks = read(text).target
  expect(checks).toHaveLength(1)
  return checks[0]!
}

describe('k6 threshold strings', () => {
  it.each([
    ["http_req_duration: ['p(95)<500']", 'latency', 'p95', '<', 500],
    ["http_req_duration: ['p(99.9) <= 1500']", 'latency', 'p99.9', '<=', 1500],
    ["http_req_duration: ['avg<200']", 'latency', 'mean', '<', 200],
    ["http_req_duration: ['med<100']", 'latency', 'p50', '<', 100],
    ["http_req_duration: ['min>0']", 'latency', 'min', '>', 0],
    ["http_req_duration: ['max<2000']", 'latency', 'max', '<', 2000],
    ["http_req_failed: ['rate<0.01']", 'error_rate', null, '<', 1],
    ["checks: ['rate>0.99']", 'availability', null, '>', 99],
    ["http_reqs: ['rate>=100']", 'throughput', null, '>=', 100],
    ["http_req_duration: 'p(90)===250'", 'latency', 'p90', '==', 250],
    ["degradation: ['p(99)<300']", 'degradation', 'p99', '<', 300],
    ["recovery_time: ['<20']", 'recovery_time', null, '<', 20],
    ["mttr: ['value<=30']", 'mttr', null, '<=', 30],
    ["http_req_duration: [{threshold: 'p(95)<400', abortOnFail: true}]", 'latency', 'p95', '<', 400]
  ] as const)('%s', (text, metric, stat, op, threshold) => {
    const check = only(text)
    expect(check).toMatchObject({ metric, stat, op })
    expect(check.threshold).toBeCloseTo(threshold, 9)
    expect(check.source).toBe('slos.yml:1')
  })

  it('reads several thresholds of one metric, and the seed keys beside them', () => {
    const checks = read(`min_availability_percent: 92
max_latency_degradation_ms: 800
recovery:
  max_recovery_time_seconds: 15
  required_health_checks: 3
http_req_duration:
  - 'p(95)<500'
  - 'p(99)<900'
`).target
    expect(checks.map(c => [c.metric, c.stat, c.op, c.threshold, c.source])).toEqual([
      ['availability', null, '>=', 92, 'slos.yml:1'],
      ['degradation', 'p95', '<=', 800, 'slos.yml:2'],
      ['recovery_time', null, '<=', 15, 'slos.yml:4'],
      ['latency', 'p95', '<', 500, 'slos.yml:7'],
      ['latency', 'p99', '<', 900, 'slos.yml:8']
    ])
  })

  it('keeps blocking and warning maps apart from the targets', () => {
    const checks = read(`max_error_rate_percent: 5
blocking:
  max_error_rate_percent: 15
warning:
  http_req_failed: ['rate<0.08']
`)
    expect(checks.target.map(c => c.threshold)).toEqual([5])
    expect(checks.blocking.map(c => c.threshold)).toEqual([15])
    expect(checks.warning.map(c => [c.metric, c.threshold])).toEqual([['error_rate', 8]])
  })

  it.each([
    ["http_req_duration: ['p(95)<']", 1, 22, "'p(95)<' is not a threshold expression"],
    ["http_req_duration: ['p(101)<5']", 1, 22, 'p(101) is not a percentile'],
    ["http_req_duration: ['<500']", 1, 22, 'needs a statistic'],
    ["http_req_failed: ['p(95)<0.01']", 1, 20, 'takes a rate'],
    ["recovery_time: ['p(95)<20']", 1, 18, 'is one number per scenario'],
    ['http_req_duration: [500]', 1, 21, 'expected a threshold expression (a string)'],
    ["http_req_duration:\n  - 'p(95)<500'\n  - 'p95<500'", 3, 6, "'p95<500' is not a threshold"],
    ["http_req_duratoin: ['p(95)<500']", 1, 1, "Did you mean 'http_req_duration'"],
    ['min_availability_percent: high', 1, 1, 'expected a number'],
    ['warning:\n  blocking: {mttr_seconds: 5}', 2, 3, "unknown key 'blocking'"]
  ])('%j is refused at line %i, column %i', (text, line, column, message) => {
    const error = userErrorOf(() => read(text))
    expect(error.message).toContain(message)
    expect(error.location).toMatchObject({ file: 'slos.yml', line, column })
    expect(error.fix.length).toBeGreaterThan(10)
  })
})

describe('holds', () => {
  it('compares with each operator', () => {
    expect([holds(1, '<', 2), holds(2, '<', 2), holds(2, '<=', 2), holds(3, '<=', 2)]).toEqual([
      true,
      false,
      true,
      false
    ])
    expect([holds(3, '>', 2), holds(2, '>', 2), holds(2, '>=', 2), holds(1, '>=', 2)]).toEqual([
      true,
      false,
      true,
      false
    ])
    expect([holds(2, '==', 2), holds(2, '!=', 2), holds(1, '!=', 2)]).toEqual([true, false, true])
  })
})
