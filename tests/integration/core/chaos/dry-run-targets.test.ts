/**
 * The dry run resolves every fault's target without touching it (issue #20): processes by PID, port
 * or command line as the process faults find them, with real child processes; containers through
 * the docker CLI stub (a CONTRACT TEST: no engine on this machine), or "not checked" without an
 * engine. A target that matches nothing fails the dry run, every one named with its line and fix.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'

import { afterEach, describe, expect, it } from '@jest/globals'

import { UserErrors } from '../../../../src/core/errors.js'
import { isAlive } from '../../../../src/core/exec/process-tree.js'
import { executeInject } from '../../../../src/core/experiment/inject.js'
import { parseInjectOptions } from '../../../../src/core/experiment/options.js'
import { ROOT } from '../../../helpers/action-runner.js'
import { userErrorFrom } from '../../../helpers/errors.js'
import { tempDir } from '../../../helpers/processes.js'

const children: number[] = []
afterEach(() => {
  for (const pid of children.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL')
})

/** A bounded idle child whose command line carries `marker`; killed by PID after each test. */
function idleChild(marker: string): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', marker], {
    stdio: 'ignore'
  })
  children.push(child.pid!)
  return child.pid!
}

async function dryRun(
  yaml: string,
  env: NodeJS.ProcessEnv = process.env
): Promise<{ run: Promise<unknown>; lines: string[]; config: string }> {
  const config = path.join(await tempDir(), 'chaos.yml')
  await writeFile(config, yaml)
  const lines: string[] = []
  const run = executeInject(parseInjectOptions({ config, dryRun: 'true' }), {
    env,
    log: line => lines.push(line)
  })
  return { run, lines, config }
}

const lineOf = (yaml: string, text: string): number =>
  yaml.split('\n').findIndex(line => line.includes(text)) + 1

describe('the dry run resolves fault targets', () => {
  it('finds a process by command line and by PID, and says so in the plan', async () => {
    const marker = `chaos-ci-target-${randomBytes(4).toString('hex')}`
    const pid = idleChild(marker)
    const { run, lines } = await dryRun(`scenarios:
  - {name: kill, type: process_kill, intensity: light, duration: 1, parameters: {command: ${marker}}}
  - {name: pause, type: process_pause, intensity: light, duration: 1, parameters: {pid: ${pid}}}
`)
    const payload = (await run) as { plan: Array<{ target_check: unknown }> }
    expect(payload.plan.map(entry => entry.target_check)).toEqual([
      { found: true, detail: expect.stringMatching(new RegExp(`^pid ${pid}: .*${marker}`)) },
      { found: true, detail: expect.stringMatching(new RegExp(`^pid ${pid}: `)) }
    ])
    const text = lines.join('\n')
    expect(text).toContain(`     target: found: pid ${pid}: `)
    // No restart_command and no supervisor configured: the plan does not promise a restart.
    expect(text).toContain(
      'no restart_command: only a supervisor outside chaos-ci can bring it back'
    )
    expect(text).not.toMatch(/its supervisor restarts it/)
  })

  it('fails on a process target that matches nothing, naming the scenario, its line and the fix', async () => {
    const missing = `no-such-service-${randomBytes(4).toString('hex')}`
    const yaml = `scenarios:
  - name: kill
    type: process_kill
    intensity: light
    duration: 1
    parameters:
      command: ${missing}
`
    const { run, lines, config } = await dryRun(yaml)
    const error = await userErrorFrom(run)
    expect(error.message).toBe(
      `scenario 'kill' (process_kill): no process matched: processes whose command line contains '${missing}'.`
    )
    expect(error.location).toEqual({ file: config, line: lineOf(yaml, missing) })
    expect(error.fix).toMatch(/^Start the target before the run, or correct parameter command/)
    // The plan was printed first, with the target marked.
    expect(lines.join('\n')).toContain(`target: NOT FOUND: no process matched`)
  })

  it('lists every target it did not find at once', async () => {
    const yaml = `scenarios:
  - {name: a, type: process_pause, intensity: light, duration: 1, parameters: {pid_file: /nonexistent/a.pid}}
  - {name: b, type: process_restart, intensity: light, duration: 1, parameters: {command: no-such-${randomBytes(4).toString('hex')}}}
  - {name: c, type: network_delay, intensity: light, duration: 1}
`
    const { run } = await dryRun(yaml)
    const error = await userErrorFrom(run)
    expect(error).toBeInstanceOf(UserErrors)
    expect(error.message).toBe('2 targets the dry run did not find')
    expect(
      (error as UserErrors).problems.map(p => [p.message.split(':')[0], p.location.line])
    ).toEqual([
      ["scenario 'a' (process_pause)", 2],
      ["scenario 'b' (process_restart)", 3]
    ])
  })

  it('finds containers through the docker CLI, and says it could not check without an engine', async () => {
    const dir = await tempDir()
    const state = path.join(dir, 'state.json')
    const stubEnv = async (engine: boolean): Promise<NodeJS.ProcessEnv> => {
      const containers = [{ ID: '0f0f0f0f0f0f', Names: 'backend-v2', Image: 'demo/backend:2' }]
      await writeFile(state, JSON.stringify({ engine, containers }))
      return {
        ...process.env,
        PATH: `${path.join(ROOT, 'tests/fixtures/docker-stub')}:${process.env.PATH}`,
        DOCKER_STUB_STATE: state
      }
    }
    const yaml = `scenarios:
  - {name: found, type: container_crash, intensity: light, duration: 1, parameters: {container: backend}}
  - {name: lost, type: container_pause, intensity: light, duration: 1, parameters: {container: frontend}}
`
    const withEngine = await dryRun(yaml, await stubEnv(true))
    const error = await userErrorFrom(withEngine.run)
    expect(error.message).toBe(
      "scenario 'lost' (container_pause): no running container matches container frontend (running: backend-v2)."
    )
    expect(withEngine.lines.join('\n')).toContain('target: found: backend-v2 (demo/backend:2)')
    // Without an engine the dry run cannot look: it says so, and passes (the run would skip them).
    const without = await dryRun(yaml, await stubEnv(false))
    await without.run
    expect(without.lines.join('\n')).toMatch(
      /target: not checked: could not check: no Docker engine/
    )
  })
})
