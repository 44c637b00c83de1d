/**
 * The merge order of SLO sources: the file's slo_targets and slo_severity, the environment, the
 * scenario's own slo, then the inline input — each later one over the ones before.
 */
import { describe, expect, it } from '@jest/globals'

import { parseScenarioFile } from '../../../../src/core/scenarios/parse.js'
import { type SloLayer } from '../../../../src/core/slo/layers.js'
import { readSloMap } from '../../../../src/core/slo/layers.js'
import { resolveSlos } from '../../../../src/core/slo/resolve.js'
import { loadLocated } from '../../../../src/core/yaml/located.js'

const FILE = `slo_targets:
  max_error_rate_percent: 8
  min_availability_percent: 92
slo_severity:
  blocking:
    max_error_rate_percent: 15
    min_availability_percent: 85
  warning:
    min_availability_percent: 95
environments:
  production:
    slo_targets:
      max_error_rate_percent: 1
  development:
    slo_targets:
      max_error_rate_percent: 10
scenarios:
  - name: reset
    type: tcp_fault
    intensity: heavy
    duration: 2
    parameters: {toxic: reset_peer}
    slo:
      max_error_rate_percent: 90
      warning:
        http_req_failed: ['rate<0.5']
`

const file = parseScenarioFile('chaos.yml', FILE)

function inline(text: string): SloLayer {
  return readSloMap(loadLocated('input slos', text), [], 'input slos', {
    levels: true,
    recovery: true
  })!
}

/** key → [blocking, warning] thresholds and where each came from. */
function table(layers: SloLayer[]) {
  return Object.fromEntries(
    resolveSlos(layers).map(slo => [
      slo.key,
      [
        slo.blocking && `${slo.blocking.op}${slo.blocking.threshold} @${slo.blocking.source}`,
        slo.warning && `${slo.warning.op}${slo.warning.threshold} @${slo.warning.source}`
      ]
    ])
  )
}

describe('resolveSlos', () => {
  it('reads the seed file: slo_severity.blocking fails, and the targets beside it warn unless a warning is set', () => {
    expect(table([file.slo])).toEqual({
      // Target 8 warns (no explicit warning), blocking 15 fails.
      error_rate: ['<=15 @chaos.yml:6', '<=8 @chaos.yml:2'],
      // The explicit warning (95) wins over the target (92).
      availability: ['>=85 @chaos.yml:7', '>=95 @chaos.yml:9']
    })
  })

  it('applies the environment over the file: a stricter target becomes blocking, a looser warning is dropped', () => {
    const production = file.environments.production!.slo!
    expect(table([file.slo, production]).error_rate).toEqual(['<=1 @chaos.yml:13', null])
    // Development's 10 blocks; the file's warning at 8 is stricter, so it still warns first.
    const development = file.environments.development!.slo!
    expect(table([file.slo, development]).error_rate).toEqual([
      '<=10 @chaos.yml:16',
      '<=8 @chaos.yml:2'
    ])
  })

  it("applies the scenario's own slo over the environment, and the inline input over everything", () => {
    const own = file.scenarios[0]!.slo!
    const production = file.environments.production!.slo!
    expect(table([file.slo, production, own]).error_rate).toEqual([
      '<=90 @chaos.yml:24',
      '<50 @chaos.yml:26'
    ])
    const last = inline('max_error_rate_percent: 40\nhttp_req_duration: [p(95)<300]')
    const all = table([file.slo, production, own, last])
    // Inline 40 blocks; the scenario's warning at 50 is looser than that, so it is dropped.
    expect(all.error_rate).toEqual(['<=40 @input slos:1', null])
    expect(all['latency p95']).toEqual(['<300 @input slos:2', null])
    expect(all.availability).toEqual(['>=85 @chaos.yml:7', '>=95 @chaos.yml:9'])
  })

  it('lets an inline warning or blocking level replace just that level', () => {
    const last = inline(
      'warning:\n  max_error_rate_percent: 4\nblocking:\n  min_availability_percent: 80'
    )
    const all = table([file.slo, last])
    expect(all.error_rate).toEqual(['<=15 @chaos.yml:6', '<=4 @input slos:2'])
    expect(all.availability).toEqual(['>=80 @input slos:4', '>=95 @chaos.yml:9'])
  })

  it('treats a number key and the k6 form of the same SLO as one', () => {
    const all = table([inline('max_p95_ms: 500'), inline("http_req_duration: ['p(95)<400']")])
    expect(Object.keys(all)).toEqual(['latency p95'])
    expect(all['latency p95']).toEqual(['<400 @input slos:1', null])
  })
})
