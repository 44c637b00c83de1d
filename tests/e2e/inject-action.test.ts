/**
 * actions/inject through the bundled dist/inject/index.js (and post.js), run as the runner runs
 * them, against real local services: a dry run, a measured fault, cancellation with SIGTERM, a
 * crash (SIGKILL) cleaned up by the post step, and a config error.
 */
import { existsSync, readFileSync } from 'node:fs'
import { readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { afterEach, describe, expect, it } from '@jest/globals'

import { startBackground } from '../../src/core/exec/background.js'
import type { InjectPayload } from '../../src/core/experiment/payload.js'
import { processState } from '../../src/core/process/find.js'
import { tryConnect } from '../../src/core/proxy/listen.js'
import { parseResults } from '../../src/core/results/codec.js'
import { type ActionRun, ROOT, runAction, runPost } from '../helpers/action-runner.js'
import { ctkProblems } from '../helpers/ctk-rules.js'
import { tempDir } from '../helpers/processes.js'
import {
  closedPort,
  dependentService,
  pongServer,
  scriptedServer,
  type TestServer
} from '../helpers/servers.js'

const servers: TestServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map(server => server.close()))
})

async function okServer(): Promise<TestServer> {
  const server = await scriptedServer(() => ({ status: 200, body: { ok: true } }))
  servers.push(server)
  return server
}

async function scenarioFile(yaml: string): Promise<string> {
  const file = path.join(await tempDir(), 'chaos_scenarios.yml')
  await writeFile(file, yaml)
  return file
}

function payloadOf(run: ActionRun): InjectPayload {
  const file = path.join(run.workspace, run.outputs['results-file']!)
  return parseResults<InjectPayload>(file, readFileSync(file, 'utf8'), 'inject').payload
}

const FAST = { 'baseline-seconds': '1', 'slice-ms': '200', 'cooldown-seconds': '0' }

describe('actions/inject (bundled)', () => {
  it('dry-run plans every scenario of a seed-format file and sends nothing', async () => {
    const server = await okServer()
    const run = await runAction('inject', {
      inputs: {
        config: path.join(ROOT, 'examples/chaos_scenarios.yml'),
        'target-url': server.url,
        'dry-run': 'true'
      }
    })
    expect(run.exitCode).toBe(0)
    expect(server.hits()).toBe(0)
    const payload = payloadOf(run)
    expect(payload.dry_run).toBe(true)
    expect(payload.scenarios).toEqual([])
    expect(payload.plan).toHaveLength(18)
    const status = Object.fromEntries(payload.plan.map(entry => [entry.name, entry.status]))
    expect(status['Network Delay - Medium']).toBe('planned')
    expect(status['Packet Loss - Heavy']).toBe('planned')
    expect(status['CPU Stress - Light']).toBe('planned')
    expect(status['Memory Stress - Heavy']).toBe('planned')
    expect(status['Disk Stress - Heavy']).toBe('planned')
    // safety.require_confirmation holds these back unless allow-destructive is set.
    expect(status['Database Brief Outage']).toBe('skipped')
    expect(status['Application Container Restart']).toBe('skipped')
    expect(payload.plan.find(entry => entry.name === 'Database Brief Outage')!.reason).toMatch(
      /require_confirmation: set allow-destructive to true/
    )
    expect(run.outputs).toMatchObject({ 'scenarios-run': '0', 'scenarios-failed': '0' })
    expect(run.summary).toMatch(/plan \(dry run\)/)
    expect(run.stdout).toMatch(/18 scenario\(s\) from .*chaos_scenarios\.yml/)
    // Nothing but the results file and the runner's own files was written.
    const written = (await readdir(run.workspace)).filter(name => !name.startsWith('.runner-'))
    expect(written).toEqual(['chaos-results'])
  })

  it('dry-run fails on a process target that matches nothing, annotating its line', async () => {
    const server = await okServer()
    const missing = `no-such-service-${process.pid}-${Date.now()}`
    const config = await scenarioFile(`scenarios:
  - name: kill the worker
    type: process_kill
    intensity: light
    duration: 1
    parameters:
      command: ${missing}
`)
    const run = await runAction('inject', {
      inputs: { config, 'target-url': server.url, 'dry-run': 'true' }
    })
    expect(run.exitCode).toBe(1)
    expect(server.hits()).toBe(0)
    expect(run.stdout).toContain(`target: NOT FOUND: no process matched`)
    const [error] = run.annotations.filter(a => a.level === 'error')
    expect(error!.message).toContain(
      `${config}:7: scenario 'kill the worker' (process_kill): no process matched: processes whose command line contains '${missing}'.`
    )
    expect(error!.message).toMatch(/Fix: Start the target before the run/)
  })

  it('runs a latency fault, measures it per phase, and writes the journal and JUnit', async () => {
    const server = await okServer()
    const config = await scenarioFile(`scenarios:
  - name: slow responses
    type: network_delay
    intensity: medium
    duration: 1
    parameters:
      delay_ms: 80
`)
    const run = await runAction('inject', {
      inputs: {
        ...FAST,
        config,
        'target-url': server.url,
        seed: '1234',
        'journal-dir': 'journals',
        'junit-file': 'reports/inject.xml'
      }
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({
      'scenarios-run': '1',
      'scenarios-failed': '0',
      invalid: '0',
      seed: '1234'
    })
    const [result] = payloadOf(run).scenarios
    expect(result!.status).toBe('passed')
    for (const phase of ['baseline', 'inject', 'recovery'] as const)
      expect(Object.keys(result!.phases[phase]!)).toEqual(
        expect.arrayContaining(['p50', 'p90', 'p95', 'p99', 'max'])
      )
    expect(result!.phases.inject!.p50 - result!.phases.baseline!.p50).toBeGreaterThan(70)
    expect(run.summary).toMatch(/✅ passed \| slow responses/)
    const journal = JSON.parse(
      readFileSync(path.join(run.workspace, 'journals/01-slow_responses.json'), 'utf8')
    ) as { status: string; deviated: boolean; rollbacks: Array<{ status: string }> }
    expect(ctkProblems(journal)).toEqual([])
    expect(journal.status).toBe('completed')
    expect(journal.deviated).toBe(false)
    expect(journal.rollbacks.every(r => r.status === 'succeeded')).toBe(true)
    const junit = readFileSync(path.join(run.workspace, 'reports/inject.xml'), 'utf8')
    expect(junit).toMatch(
      /<testcase name="slow responses" classname="chaos-ci.inject.network_delay"/
    )
    expect(junit).toMatch(/tests="1" failures="0"/)
  })

  it('on SIGTERM during the fault rolls back at once and leaves no proxy listening', async () => {
    const dependency = await pongServer()
    const listen = await closedPort()
    const service = await dependentService(listen)
    servers.push(service, dependency)
    const config = await scenarioFile(`scenarios:
  - name: database away
    type: dependency_down
    intensity: heavy
    duration: 30
    parameters:
      listen: '127.0.0.1:${listen}'
      upstream: '127.0.0.1:${dependency.port}'
`)
    const run = await runAction('inject', {
      inputs: { ...FAST, config, 'target-url': service.url },
      // during the fault: its line is logged as it is applied, and its undo registered at once
      signal: { name: 'SIGTERM', when: stdout => /^ {2}inject: /m.test(stdout) }
    })
    expect(run.exitCode).toBe(1)
    expect(run.durationMs).toBeLessThan(15_000)
    const [result] = payloadOf(run).scenarios
    expect(result!.status).toBe('interrupted')
    expect(result!.rollback.map(undo => [undo.name, undo.ok])).toEqual(
      expect.arrayContaining([
        [`bring 127.0.0.1:${listen} back up`, true],
        ['close the TCP fault proxy', true]
      ])
    )
    expect(await tryConnect({ host: '127.0.0.1', port: listen })).toBe('ECONNREFUSED')
    expect(JSON.parse(run.state['inject-rollback']!)).toEqual([])
    const post = await runPost('inject', run)
    expect(post.exitCode).toBe(0)
    expect(post.stdout).toMatch(/nothing was left to roll back/)
  })

  it('after a crash (SIGKILL) the post step runs the saved rollback-command', async () => {
    const server = await okServer()
    const dir = await tempDir()
    const marker = path.join(dir, 'fault-active')
    const run = await runAction('inject', {
      inputs: {
        ...FAST,
        config: '',
        'target-url': server.url,
        command: `touch '${marker}'`,
        'rollback-command': `rm '${marker}'`,
        'duration-seconds': '30'
      },
      // once the fault is active; its rollback-command was saved before it ran
      signal: { name: 'SIGKILL', when: () => existsSync(marker) }
    })
    expect(run.exitCode).toBeNull()
    expect(existsSync(marker)).toBe(true)
    expect(JSON.parse(run.state['inject-rollback']!)).toEqual([
      expect.objectContaining({ kind: 'command', command: `rm '${marker}'` })
    ])
    const post = await runPost('inject', run)
    expect(post.exitCode).toBe(0)
    expect(post.stdout).toMatch(/1 undo\(s\) left by the main step/)
    expect(existsSync(marker)).toBe(false)
  })

  it('after a crash (SIGKILL) the post step resumes a process the main step had paused', async () => {
    const port = await closedPort()
    const service = startBackground(
      process.execPath,
      [path.join(ROOT, 'tests/fixtures/chaos/service.mjs')],
      {
        env: { ...process.env, PORT: String(port) }
      }
    )
    try {
      const pid = Number((await service.waitForLine(/service (\d+)/, 5000))[1])
      const config = await scenarioFile(`scenarios:
  - {name: hang, type: process_pause, intensity: heavy, duration: 30, parameters: {pid: ${pid}}}
`)
      const run = await runAction('inject', {
        inputs: { ...FAST, config, 'target-url': `http://127.0.0.1:${port}` },
        // once the process is paused; the undo was saved before the SIGSTOP
        signal: { name: 'SIGKILL', when: () => processState(pid) === 'T' }
      })
      expect(run.exitCode).toBeNull()
      expect(processState(pid)).toBe('T')
      const post = await runPost('inject', run)
      expect(post.exitCode).toBe(0)
      expect(post.stdout).toMatch(new RegExp(`SIGCONT ${pid}: done`))
      expect(processState(pid)).not.toBe('T')
    } finally {
      await service.stop(500)
    }
  })

  it("runs every one of the seed file's 18 scenarios, or skips it with the reason", async () => {
    const server = await okServer()
    const seed = readFileSync(path.join(ROOT, 'examples/chaos_scenarios.yml'), 'utf8')
    // 2 s each; touching 1 GiB of pages can take longer than that while other suites share the CPUs
    const config = await scenarioFile(
      seed
        .replace(/duration: \d+/g, 'duration: 2')
        .replace(/(type: memory_leak\n\s+intensity: heavy\n\s+)duration: 2/, '$1duration: 6')
    )
    const run = await runAction('inject', {
      inputs: {
        ...FAST,
        'baseline-seconds': '0.5',
        config,
        'target-url': server.url,
        'allow-destructive': 'true'
      },
      timeoutMs: 150_000
    })
    const payload = payloadOf(run)
    expect(payload.scenarios).toHaveLength(18)
    const wrong = payload.scenarios.filter(s =>
      ['container_crash', 'database_down'].includes(s.type)
        ? s.status !== 'skipped' || !/Docker/.test(s.reason ?? '')
        : s.status !== 'passed'
    )
    expect(wrong.map(s => [s.name, s.status, s.reason])).toEqual([])
    expect(run.exitCode).toBe(0)
  }, 160_000)

  it('names the file and line of a config mistake, with a did-you-mean', async () => {
    const config = await scenarioFile(`scenarios:
  - name: slow
    type: network_delay
    intensity: medium
    duraton: 5
`)
    const run = await runAction('inject', {
      inputs: { config, 'target-url': 'http://127.0.0.1:9' }
    })
    expect(run.exitCode).toBe(1)
    const [error] = run.annotations.filter(a => a.level === 'error')
    expect(error!.message).toMatch(new RegExp(`${config.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5`))
    expect(error!.message).toMatch(/did you mean 'duration'/i)
    expect(run.stderr).not.toMatch(/\n\s+at /)
  })
})
