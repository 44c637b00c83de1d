/** An inject results file from a real run lands in the history tables, once. */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'

import { afterEach, describe, expect, it } from '@jest/globals'

import { prepareInject, runInject } from '../../../../src/core/experiment/inject.js'
import { parseInjectOptions } from '../../../../src/core/experiment/options.js'
import { Rollback } from '../../../../src/core/experiment/rollback.js'
import { openHistory } from '../../../../src/core/history/db.js'
import { recordFile } from '../../../../src/core/history/files.js'
import { tempDir } from '../../../helpers/processes.js'
import { resultsFile } from '../../../helpers/results.js'
import { scriptedServer, type TestServer } from '../../../helpers/servers.js'

const servers: TestServer[] = []
afterEach(async () => {
  while (servers.length) await servers.pop()!.close()
})

describe('recording an inject run', () => {
  it('writes a scenario row, its metrics per phase, and a failure for the invalid one', async () => {
    const server = await scriptedServer(() => ({ status: 200, body: {} }))
    servers.push(server)
    const dir = await tempDir()
    const config = path.join(dir, 'scenarios.yml')
    await writeFile(
      config,
      `scenarios:
  - {name: errors, type: http_fault, intensity: light, duration: 1, parameters: {error_rate_percent: 50}}
  - {name: unseen, type: http_fault, intensity: light, duration: 1, parameters: {error_rate_percent: 50, path: /nowhere}}
  - {name: box, type: container_crash, intensity: light, duration: 1, parameters: {container: app}}
`
    )
    const options = parseInjectOptions({
      config,
      targetUrl: server.url,
      baselineSeconds: '1',
      sliceMs: '200',
      cooldownSeconds: '0',
      seed: '5'
    })
    const payload = await runInject(await prepareInject(options), options, {
      rollback: new Rollback()
    })
    // No Docker engine here (or no docker at all): the container scenario is skipped.
    expect(payload.scenarios.map(s => s.status)).toEqual(['passed', 'invalid', 'skipped'])
    const file = await resultsFile(dir, 'inject', payload)
    const db = await openHistory(path.join(dir, 'h.db'))
    const added = await recordFile(db, file)
    expect(added).toEqual({
      chaos_runs: 1,
      stage_results: 1,
      scenario_results: 3,
      scenario_metrics: 6,
      chaos_failures: 1
    })
    const rows = db.exec(
      "SELECT m.phase, m.samples, m.p50_ms FROM scenario_metrics m JOIN scenario_results r USING (result, seq) WHERE r.scenario = 'errors' ORDER BY m.phase"
    )[0]!.values
    const phases = payload.scenarios[0]!.phases
    expect(rows).toEqual([
      ['baseline', phases.baseline!.requests, phases.baseline!.p50],
      ['inject', phases.inject!.requests, phases.inject!.p50],
      ['recovery', phases.recovery!.requests, phases.recovery!.p50]
    ])
    expect(db.exec('SELECT category, rule FROM chaos_failures')[0]!.values).toEqual([
      ['invalid', 'http_fault']
    ])
    expect(db.exec('SELECT status FROM stage_results')[0]!.values).toEqual([['failed']])
    const second = await recordFile(db, file)
    expect(Object.values(second).every(n => n === 0)).toBe(true)
    // The kept payload drops the per-slice series and histograms.
    const kept = JSON.parse(
      db.exec('SELECT payload FROM stage_results')[0]!.values[0]![0] as string
    ) as { scenarios: Array<{ phases: Record<string, Record<string, unknown>> }> }
    expect(kept.scenarios[0]!.phases.inject!.slices).toBeUndefined()
    expect(kept.scenarios[0]!.phases.inject!.p99).toBe(phases.inject!.p99)
  })
})
