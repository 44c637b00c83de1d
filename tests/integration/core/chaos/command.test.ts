/** The user's own injector as the fault: the command runs per scenario, healed; its undo runs after. */
import { existsSync, readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'

import { afterEach, describe, expect, it } from '@jest/globals'

import { prepareInject, runInject } from '../../../../src/core/experiment/inject.js'
import {
  parseInjectOptions,
  type RawInjectOptions
} from '../../../../src/core/experiment/options.js'
import { Rollback } from '../../../../src/core/experiment/rollback.js'
import { tempDir } from '../../../helpers/processes.js'
import { scriptedServer, type TestServer } from '../../../helpers/servers.js'

const servers: TestServer[] = []
afterEach(async () => {
  while (servers.length) await servers.pop()!.close()
})

async function inject(raw: RawInjectOptions): Promise<Awaited<ReturnType<typeof runInject>>> {
  const server = await scriptedServer(() => ({ status: 200 }))
  servers.push(server)
  const options = parseInjectOptions({
    targetUrl: server.url,
    baselineSeconds: '0.5',
    sliceMs: '100',
    cooldownSeconds: '0',
    ...raw
  })
  return runInject(await prepareInject(options, { env: process.env }), options, {
    rollback: new Rollback()
  })
}

describe('inject with your own command', () => {
  it('runs the command as each scenario’s fault, with the scenario in its environment, then the undo', async () => {
    const dir = await tempDir()
    const config = path.join(dir, 'scenarios.yml')
    await writeFile(
      config,
      `scenarios:
  - {name: cpu hog, type: cpu_exhaust, intensity: heavy, duration: 0.2, parameters: {cpu_workers: 8}}
  - {name: slow net, type: network_delay, intensity: light, duration: 0.2}
`
    )
    const log = path.join(dir, 'log')
    const payload = await inject({
      config,
      command: `echo "$CHAOS_CI_SCENARIO|$CHAOS_CI_SCENARIO_TYPE|$CHAOS_CI_INTENSITY|$CHAOS_CI_PARAMETERS" >> '${log}'`,
      rollbackCommand: `echo "undo $CHAOS_CI_SCENARIO" >> '${log}'`
    })
    expect(payload.plan.map(entry => entry.status)).toEqual(['planned', 'planned'])
    expect(payload.scenarios.map(s => s.status)).toEqual(['passed', 'passed'])
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
      'cpu hog|cpu_exhaust|heavy|{"cpu_workers":8}',
      'undo cpu hog',
      'slow net|network_delay|light|{}',
      'undo slow net'
    ])
    expect(payload.scenarios[0]!.details).toMatchObject({ outcome: 'passed', attempts: 1 })
    expect(payload.scenarios[0]!.efficacy).toEqual({
      landed: null,
      detail: 'your injector: efficacy is not judged'
    })
  })

  it('without a scenario file, runs one scenario; a failing command is an error, and its undo still runs', async () => {
    const dir = await tempDir()
    const undone = path.join(dir, 'undone')
    const payload = await inject({
      config: '',
      command: 'echo "connection refused" >&2; exit 3',
      rollbackCommand: `touch '${undone}'`,
      maxAttempts: '2'
    })
    expect(payload.config).toBe('(command)')
    const [result] = payload.scenarios
    expect(result!.status).toBe('error')
    expect(result!.reason).toMatch(
      /the injector command failed after 2 attempt\(s\) \(health_check, exit 3\)/
    )
    expect(existsSync(undone)).toBe(true)
    expect(result!.rollback.find(undo => undo.name === 'rollback-command')).toMatchObject({
      ok: true
    })
  })
})
