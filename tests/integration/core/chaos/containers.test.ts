/**
 * Container faults — CONTRACT TESTS against a stub of the docker CLI on PATH
 * (tests/fixtures/docker-stub/docker), because this machine has no Docker engine. They check the
 * commands chaos-ci sends, the undo it always runs, and that no engine means skipped, never passed.
 */
import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import { ROOT } from '../../../helpers/action-runner.js'
import { tempDir } from '../../../helpers/processes.js'
import { okTarget, runYaml, scenarioYaml } from './helpers.js'

async function stub(
  engine: boolean
): Promise<{ env: NodeJS.ProcessEnv; state: string; log: string }> {
  const dir = await tempDir()
  const state = path.join(dir, 'state.json')
  const log = path.join(dir, 'calls.log')
  await writeFile(log, '')
  await writeFile(
    state,
    JSON.stringify({
      engine,
      containers: [
        {
          ID: 'a1b2c3d4e5f6',
          Names: 'f00d_postgres15_1a2b',
          Image: 'postgres:15',
          Labels: 'com.example.role=db',
          Status: 'running',
          StartedAt: '2026-11-29T00:00:00Z'
        },
        {
          ID: '0f0f0f0f0f0f',
          Names: 'backend-v2',
          Image: 'demo/backend:2',
          Status: 'running',
          StartedAt: '2026-11-29T00:00:00Z'
        }
      ]
    })
  )
  return {
    env: {
      ...process.env,
      PATH: `${path.join(ROOT, 'tests/fixtures/docker-stub')}:${process.env.PATH}`,
      DOCKER_STUB_STATE: state,
      DOCKER_STUB_LOG: log
    },
    state,
    log
  }
}

const calls = (log: string): string[] =>
  readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .filter(line => !/^(info|ps|inspect)/.test(line))

describe('container faults (contract tests: docker CLI stub, no engine on this machine)', () => {
  it('database_down stops the container found by part of its generated name, and starts it again', async () => {
    const { env, log } = await stub(true)
    const [result] = await runYaml(scenarioYaml('database_down', 0.5, { database: 'postgres' }), {
      target: await okTarget(),
      env
    })
    expect([result!.status, result!.reason]).toEqual(['passed', null])
    expect(calls(log)).toEqual(['stop a1b2c3d4e5f6', 'start a1b2c3d4e5f6'])
    expect(result!.efficacy).toMatchObject({ landed: true })
  })

  it('container_crash restarts by name; container_pause pauses by label and always unpauses', async () => {
    const { env, log } = await stub(true)
    const [crash] = await runYaml(
      scenarioYaml('container_crash', 0.2, { container: 'backend-v2' }),
      {
        target: await okTarget(),
        env
      }
    )
    expect([crash!.status, crash!.reason]).toEqual(['passed', null])
    const [pause] = await runYaml(
      scenarioYaml('container_pause', 0.2, { container_label: 'com.example.role=db' }),
      { target: await okTarget(), env }
    )
    expect([pause!.status, pause!.reason]).toEqual(['passed', null])
    expect(calls(log)).toEqual([
      'restart 0f0f0f0f0f0f',
      'start 0f0f0f0f0f0f',
      'pause a1b2c3d4e5f6',
      'unpause a1b2c3d4e5f6'
    ])
  })

  it('is skipped with the reason when there is no engine, and sends nothing else', async () => {
    const { env, log } = await stub(false)
    const [result] = await runYaml(scenarioYaml('database_down', 0.5, { database: 'postgres' }), {
      target: await okTarget(),
      env
    })
    expect(result!.status).toBe('skipped')
    expect(result!.reason).toMatch(
      /^no Docker engine: docker info failed \(Cannot connect to the Docker daemon/
    )
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
      'info --format {{.ServerVersion}}'
    ])
  })

  it('names the running containers when none matches', async () => {
    const { env } = await stub(true)
    const [result] = await runYaml(scenarioYaml('container_crash', 0.2, { container: 'redis' }), {
      target: await okTarget(),
      env
    })
    expect(result!.status).toBe('error')
    expect(result!.reason).toMatch(
      /no running container matches container redis \(running: f00d_postgres15_1a2b, backend-v2\)/
    )
  })
})
