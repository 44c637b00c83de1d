/**
 * Doing nothing is never green (issue #18 item 4): a run in which every scenario is skipped (no
 * Docker engine on this runner) is `nothing-ran` in the bundled inject, and the bundled validate over
 * it is `insufficient-data`; both fail the step unless their policy input relaxes it to a warning.
 */
import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import type { InjectPayload } from '../../src/core/experiment/payload.js'
import { parseResults } from '../../src/core/results/codec.js'
import type { ResultsFile } from '../../src/core/results/schema.js'
import { type ActionRun, runAction } from '../helpers/action-runner.js'
import { tempDir } from '../helpers/processes.js'
import { scriptedServer, type TestServer } from '../helpers/servers.js'

let server: TestServer
let config: string
beforeAll(async () => {
  server = await scriptedServer(() => ({ status: 200, body: { ok: true } }))
  config = path.join(await tempDir(), 'chaos_scenarios.yml')
  // Both need a Docker engine, which this machine (like many runners) does not have.
  await writeFile(
    config,
    `slo_targets:
  min_availability_percent: 99
scenarios:
  - name: app restart
    type: container_crash
    intensity: medium
    duration: 2
    parameters: { container: app }
  - name: db outage
    type: database_down
    intensity: light
    duration: 2
    parameters: { container: db }
`
  )
})
afterAll(async () => server.close())

function fileOf(run: ActionRun): ResultsFile<InjectPayload> {
  const file = path.join(run.workspace, run.outputs['results-file']!)
  return parseResults<InjectPayload>(file, readFileSync(file, 'utf8'), 'inject')
}

function payloadOf(run: ActionRun): InjectPayload {
  return fileOf(run).payload
}

const inject = (more: Record<string, string> = {}): Promise<ActionRun> =>
  runAction('inject', {
    inputs: {
      config,
      'target-url': server.url,
      'allow-destructive': 'true',
      'baseline-seconds': '0.5',
      'cooldown-seconds': '0',
      ...more
    },
    env: { PATH: '/nonexistent' },
    timeoutMs: 60_000
  })

describe('a run that injected nothing', () => {
  it('fails inject as nothing-ran, and validate over it as insufficient-data', async () => {
    const run = await inject()
    const payload = payloadOf(run)
    expect(payload.scenarios.map(s => s.status)).toEqual(['skipped', 'skipped'])
    expect(fileOf(run).status).toBe('nothing-ran')
    expect(run.outputs.status).toBe('nothing-ran')
    expect(run.exitCode).toBe(1)
    const error = run.annotations.find(a => a.level === 'error')
    expect(error?.message).toMatch(
      /nothing ran: no scenario's fault ran \(2 scenario\(s\): skipped: /
    )
    expect(run.summary).toContain('chaos-ci inject: ⚠️ nothing ran')
    expect(run.summary).toContain('No fault was injected')

    const validate = await runAction('validate', {
      inputs: { results: 'chaos-results', config },
      workspace: run.workspace
    })
    expect(validate.outputs.status).toBe('insufficient-data')
    expect(validate.outputs.passed).toBe('false')
    expect(validate.exitCode).toBe(1)
    expect(validate.annotations.find(a => a.level === 'error')?.message).toMatch(
      /insufficient data: no scenario's fault ran/
    )
    expect(validate.summary).toContain('❔ insufficient data')
  }, 90_000)

  it('warns instead with on-nothing-ran: warn and on-insufficient-data: warn', async () => {
    const run = await inject({ 'on-nothing-ran': 'warn' })
    expect(run.outputs.status).toBe('nothing-ran')
    expect(run.exitCode).toBe(0)
    expect(run.annotations.find(a => a.level === 'warning')?.message).toMatch(
      /nothing ran: .*on-nothing-ran is warn/
    )
    const validate = await runAction('validate', {
      inputs: { results: 'chaos-results', config, 'on-insufficient-data': 'warn' },
      workspace: run.workspace
    })
    expect(validate.exitCode).toBe(0)
    expect(validate.outputs.passed).toBe('true')
    expect(validate.annotations.find(a => a.level === 'warning')?.message).toMatch(
      /insufficient data \(on-insufficient-data is warn\)/
    )
  }, 90_000)
})
