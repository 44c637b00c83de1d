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
import { FAST, runYaml, scenarioYaml } from './helpers.js'

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
): Promise<{ port: number; pid: number; child: BackgroundProcess }> {
  const port = await closedPort()
  const child = startBackground(process.execPath, [path.join(FIXTURES, script)], {
    env: { ...process.env, PORT: String(port), ...env }
  })
  started.push(child)
  const [, pid] = await child.waitForLine(/service (\d+)/, 5000)
  return { port, pid: Number(pid), child }
}

describe('process faults (real child processes)', () => {
  // The supervisor restarts the service 2 s after the kill, inside the 3 s fault (the old measure,
  // from the fault's end, read 0 s), and 4 s after it, past the 1 s fault (it read 3 s).
  it.each([
    { restartMs: 2000, duration: 3 },
    { restartMs: 4000, duration: 1 }
  ])(
    'process_kill: a supervisor restarting the service $restartMs ms after the kill reads as that recovery, within one slice',
    async ({ restartMs, duration }) => {
      const { port, pid, child } = await service('supervised-service.mjs', {
        RESTART_DELAY_MS: String(restartMs)
      })
      const [result] = await runYaml(scenarioYaml('process_kill', duration, { port }), {
        target: `http://127.0.0.1:${port}`,
        rate: 50
      })
      expect([result!.status, result!.reason]).toEqual(['passed', null])
      expect(result!.details).toMatchObject({ pids: [pid], signal: 'SIGKILL', still_alive: [] })
      const recovery = result!.recovery!
      expect(recovery.deviated).toBe(true)
      // The restart as the supervisor made it: RESTART_DELAY_MS after it noticed the death, or
      // later when a busy machine slows node's start (a clean-clone run read 3420 ms for 2000).
      // The outage runs from the kill to that restart: at least the delay, and within a slice
      // below and two above what the supervisor reports. The old measure read 0 s here.
      const restarted = Number(/restarted (\d+)/.exec(child.output())![1])
      expect(restarted).toBeGreaterThanOrEqual(restartMs)
      const near = (ms: number, expected: number): void => {
        expect(ms).toBeGreaterThanOrEqual(expected - FAST.sliceMs)
        expect(ms).toBeLessThanOrEqual(expected + 2 * FAST.sliceMs)
      }
      near(recovery.time_ms!, restarted)
      near(recovery.outage_ms!, restarted)
      // recovered during the 3 s fault: nothing left after the rollback; after the 1 s one: the rest
      const afterRollback = Math.max(0, restarted - duration * 1000)
      expect(Math.abs(recovery.after_rollback_ms! - afterRollback)).toBeLessThanOrEqual(
        2 * FAST.sliceMs
      )
    }
  )

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
