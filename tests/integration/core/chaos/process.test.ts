/**
 * Process faults on real child processes: a supervised service killed and restarted, a service
 * paused and resumed, a graceful restart through restart_command. Targets are found by port.
 */
import path from 'node:path'

import { afterEach, describe, expect, it } from '@jest/globals'

import { type BackgroundProcess, startBackground } from '../../../../src/core/exec/background.js'
import { processState } from '../../../../src/core/process/find.js'
import { ROOT } from '../../../helpers/action-runner.js'
import { closedPort } from '../../../helpers/servers.js'
import { runYaml, scenarioYaml } from './helpers.js'

const FIXTURES = path.join(ROOT, 'tests/fixtures/chaos')
const started: BackgroundProcess[] = []
const pidsToKill: number[] = []
afterEach(async () => {
  while (started.length) await started.pop()!.stop(500)
  for (const pid of pidsToKill.splice(0))
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // gone
    }
})

async function service(
  script: string,
  env: Record<string, string>
): Promise<{ port: number; pid: number }> {
  const port = await closedPort()
  const child = startBackground(process.execPath, [path.join(FIXTURES, script)], {
    env: { ...process.env, PORT: String(port), ...env }
  })
  started.push(child)
  const [, pid] = await child.waitForLine(/service (\d+)/, 5000)
  return { port, pid: Number(pid) }
}

describe('process faults (real child processes)', () => {
  it('process_kill: the supervisor restarts the service, and recovery matches its restart delay', async () => {
    const { port, pid } = await service('supervised-service.mjs', { RESTART_DELAY_MS: '1500' })
    const [result] = await runYaml(scenarioYaml('process_kill', 0.5, { port }), {
      target: `http://127.0.0.1:${port}`,
      rate: 50
    })
    expect([result!.status, result!.reason]).toEqual(['passed', null])
    expect(result!.details).toMatchObject({ pids: [pid], signal: 'SIGKILL', still_alive: [] })
    expect(
      result!.phases.inject!.errors.refused + result!.phases.inject!.errors.reset
    ).toBeGreaterThan(10)
    // Killed at the fault's start, restarted 1.5 s later; the fault lasted 0.5 s: about 1 s more.
    expect(result!.recovery!.time_ms).toBeGreaterThanOrEqual(800)
    expect(result!.recovery!.time_ms).toBeLessThanOrEqual(1800)
  })

  it('process_pause: SIGSTOP for the duration shows as latency, and SIGCONT always follows', async () => {
    const { port, pid } = await service('service.mjs', {})
    pidsToKill.push(pid)
    const [result] = await runYaml(scenarioYaml('process_pause', 1, { pid }), {
      target: `http://127.0.0.1:${port}`,
      rate: 50
    })
    expect([result!.status, result!.reason]).toEqual(['passed', null])
    expect(result!.efficacy!.landed).toBe(true)
    expect(result!.phases.inject!.max).toBeGreaterThan(800)
    expect(processState(pid)).not.toBe('T')
    expect(result!.rollback).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: `SIGCONT ${pid}`, ok: true })])
    )
  })

  it('process_restart: SIGTERM, then restart_command brings a new process up', async () => {
    const { port, pid } = await service('service.mjs', {})
    const [result] = await runYaml(
      scenarioYaml('process_restart', 0.2, {
        port,
        restart_command: `PORT=${port} exec '${process.execPath}' '${path.join(FIXTURES, 'service.mjs')}'`
      }),
      { target: `http://127.0.0.1:${port}`, rate: 50 }
    )
    expect([result!.status, result!.reason]).toEqual(['passed', null])
    const restarted = result!.details.restart_pid as number
    pidsToKill.push(restarted)
    expect(processState(pid)).toBeNull()
    expect(processState(restarted)).not.toBeNull()
    expect(result!.recovery!.recovered).toBe(true)
  })

  it('names the target that matched nothing', async () => {
    const port = await closedPort()
    const other = await service('service.mjs', {})
    const [result] = await runYaml(scenarioYaml('process_kill', 0.2, { port }), {
      target: `http://127.0.0.1:${other.port}`
    })
    expect(result!.status).toBe('error')
    expect(result!.reason).toMatch(`no process matched: the process listening on port ${port}`)
  })
})
