/**
 * Nothing stays broken after the CLI is killed (issue #18 item 3), through the bundled CLI: for
 * each fault kind, `chaos-ci inject` is SIGKILLed mid-fault; within 5 s no process it started is
 * alive (the workers end themselves), and after `chaos-ci rollback` no process is stopped, no port
 * of ours listens, and no disk folder or state file is left. Then what a later run does with what a
 * killed run left: `inject` and `demo` undo it first, a failed undo is kept and stops them, a
 * recycled PID is left alone, and a live run's state file is not touched.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { afterEach, describe, expect, it } from '@jest/globals'

import { startBackground } from '../../src/core/exec/background.js'
import { descendants, identify, isAlive, whoIs } from '../../src/core/exec/process-tree.js'
import type { PersistedUndo } from '../../src/core/experiment/rollback.js'
import { findProcesses, processState } from '../../src/core/process/find.js'
import { ROOT } from '../helpers/action-runner.js'
import { listeningPorts, survivors, tempDir } from '../helpers/processes.js'
import {
  askDependency,
  closedPort,
  dependentService,
  pongServer,
  scriptedServer,
  type TestServer
} from '../helpers/servers.js'

const CLI = path.join(ROOT, 'dist/cli/index.js')
const STATE = path.join('.chaos-ci', 'rollback-state.json')
const FAST = ['--baseline-seconds', '0.5', '--slice-ms', '200', '--cooldown-seconds', '0']
const TIMEOUT = 60_000

interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

interface Running {
  child: ChildProcess
  stderr(): string
  exited: Promise<unknown>
}

function startCli(args: string[], cwd: string, env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stdout.resume()
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return {
    child,
    stderr: () => stderr,
    exited: new Promise(resolve => child.once('close', resolve))
  }
}

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', code => resolve({ code, stdout, stderr }))
  })
}

/** Polls `probe` until it holds; a generous deadline, not a timing assertion. */
async function until(
  what: string,
  probe: () => boolean | Promise<boolean>,
  ms = 30_000
): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

function pendingIn(file: string): PersistedUndo[] {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { pending: PersistedUndo[] }).pending
  } catch {
    return []
  }
}

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function okServer(): Promise<TestServer> {
  const server = await scriptedServer(() => ({ status: 200, body: { ok: true } }))
  cleanups.push(() => server.close())
  return server
}

/** A real service in a child process, to pause: its PID and URL. */
async function pausable(): Promise<{ pid: number; url: string }> {
  const port = await closedPort()
  const service = startBackground(
    process.execPath,
    [path.join(ROOT, 'tests/fixtures/chaos/service.mjs')],
    {
      env: { ...process.env, PORT: String(port) }
    }
  )
  cleanups.push(() => service.stop(500))
  const pid = Number((await service.waitForLine(/service (\d+)/, 10_000))[1])
  return { pid, url: `http://127.0.0.1:${port}` }
}

interface Killed {
  dir: string
  cliPid: number
  /** Every process the CLI had started, as it was killed. */
  helpers: number[]
  /** The TCP ports the CLI listened on, as it was killed. */
  ports: number[]
  /** The state file's undos, as it was killed. */
  pending: PersistedUndo[]
}

/**
 * Runs `inject` with one 30-s fault, waits until `active` says it is in force, SIGKILLs the CLI and
 * checks that every process it had started is gone within 5 s.
 */
async function killMidFault(
  fault: string,
  target: string,
  active: (run: Running, state: string) => boolean | Promise<boolean>,
  env: NodeJS.ProcessEnv = process.env
): Promise<Killed> {
  const dir = await tempDir('chaos-ci-rollback-')
  await writeFile(
    path.join(dir, 'scenarios.yml'),
    `scenarios:\n  - {name: held, intensity: light, duration: 30, ${fault}}\n`
  )
  const run = startCli(
    ['inject', '--config', 'scenarios.yml', '--target-url', target, '--rate', '5', ...FAST],
    dir,
    env
  )
  cleanups.push(() => {
    // the test failed before the kill: end the CLI and whatever it started
    const started = descendants(run.child.pid!)
    run.child.kill('SIGKILL')
    started.forEach(sigkill)
  })
  const state = path.join(dir, STATE)
  await until('the fault in force', () => active(run, state))
  const cliPid = run.child.pid!
  const killed = {
    dir,
    cliPid,
    helpers: descendants(cliPid),
    ports: listeningPorts(cliPid),
    pending: pendingIn(state)
  }
  // should a helper outlive the test, it is ended: by PID, only while it is still the one seen here
  const seen = killed.helpers.map(pid => ({ pid, ...identify(pid) }))
  cleanups.push(() => {
    for (const helper of seen) if (whoIs(helper.pid, helper) === 'same') sigkill(helper.pid)
  })
  run.child.kill('SIGKILL')
  await run.exited
  expect(await survivors(killed.helpers, 5000)).toEqual([])
  return killed
}

/** Runs `chaos-ci rollback` where the CLI ran, and checks that nothing of it is left. */
async function rollBack(killed: Killed, env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  const run = await cli(['rollback'], killed.dir, env)
  expect(run.code).toBe(0)
  const ours = new Set([killed.cliPid, ...killed.helpers])
  expect(killed.helpers.filter(pid => processState(pid) === 'T')).toEqual([])
  for (const port of killed.ports)
    expect(
      findProcesses({ port }, { root: '/proc', exclude: new Set() }).filter(pid => ours.has(pid))
    ).toEqual([])
  expect(existsSync(path.join(killed.dir, STATE))).toBe(false)
  expect(existsSync(path.join(killed.dir, '.chaos-ci'))).toBe(false)
  return run
}

function sigkill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // gone already
  }
}

/** How many descendants of `pid` are the stub's busy loops. */
const busy = (pid: number): number =>
  descendants(pid).filter(child => {
    try {
      return readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('stress-ng-stub-cpu-worker')
    } catch {
      return false
    }
  }).length

const hasUndo = (state: string, kind: PersistedUndo['kind']): boolean =>
  pendingIn(state).some(undo => undo.kind === kind && (!('pid' in undo) || isAlive(undo.pid)))

describe('chaos-ci inject killed with SIGKILL mid-fault, then chaos-ci rollback', () => {
  it(
    'process_pause: the service stays stopped until rollback resumes it',
    async () => {
      const service = await pausable()
      const killed = await killMidFault(
        `type: process_pause, parameters: {pid: ${service.pid}}`,
        service.url,
        () => processState(service.pid) === 'T'
      )
      expect(killed.pending).toEqual([
        expect.objectContaining({ kind: 'signal', pid: service.pid })
      ])
      expect(processState(service.pid)).toBe('T')
      const run = await rollBack(killed)
      expect(run.stdout).toMatch(
        new RegExp(
          `left 1 undo\\(s\\)[^\\n]*\\n  resumed process ${service.pid} \\(SIGCONT\\), left stopped by a killed run\\n`
        )
      )
      expect(processState(service.pid)).not.toBe('T')
    },
    TIMEOUT
  )

  it(
    'cpu_exhaust: the CPU worker ends itself',
    async () => {
      const killed = await killMidFault(
        'type: cpu_exhaust, parameters: {cpu_workers: 1, tool: built-in}',
        (await okServer()).url,
        (_, state) => hasUndo(state, 'kill')
      )
      expect(killed.helpers.length).toBeGreaterThanOrEqual(1)
      expect((await rollBack(killed)).stdout).toMatch(/cpu worker \d+ is gone already/)
    },
    TIMEOUT
  )

  it(
    'cpu_exhaust with stress-ng (contract stub): its tether ends stress-ng and its workers',
    async () => {
      const log = path.join(await tempDir(), 'stress-ng.log')
      await writeFile(log, '')
      const env = {
        ...process.env,
        PATH: `${path.join(ROOT, 'tests/fixtures/stress-ng-stub')}:${process.env.PATH}`,
        STRESS_NG_STUB_LOG: log
      }
      const killed = await killMidFault(
        'type: cpu_exhaust, parameters: {cpu_workers: 2, tool: stress-ng}',
        (await okServer()).url,
        // the stub's two busy workers, under the stub and its tether
        (run, state) => hasUndo(state, 'kill') && busy(run.child.pid!) >= 2,
        env
      )
      expect(killed.helpers.length).toBeGreaterThanOrEqual(4)
      expect((await rollBack(killed, env)).stdout).toMatch(/stress-ng cpu load \d+ is gone already/)
    },
    TIMEOUT
  )

  it(
    'memory_leak: the memory worker ends itself',
    async () => {
      const killed = await killMidFault(
        'type: memory_leak, parameters: {memory_size: 64M, tool: built-in}',
        (await okServer()).url,
        (_, state) => hasUndo(state, 'kill')
      )
      expect((await rollBack(killed)).stdout).toMatch(/memory worker \d+ is gone already/)
    },
    TIMEOUT
  )

  it(
    'disk_stress: the disk worker ends itself, and rollback removes its folder',
    async () => {
      const disk = await tempDir()
      const killed = await killMidFault(
        `type: disk_stress, parameters: {io_workers: 1, path: '${disk}', tool: built-in}`,
        (await okServer()).url,
        (_, state) => hasUndo(state, 'kill') && hasUndo(state, 'remove')
      )
      const [folder] = await readdir(disk)
      expect(folder).toMatch(/^chaos-ci-disk-/)
      const run = await rollBack(killed)
      expect(run.stdout).toMatch(/disk worker \d+ is gone already/)
      expect(run.stdout).toContain(`removed ${path.join(disk, folder!)}`)
      expect(await readdir(disk)).toEqual([])
    },
    TIMEOUT
  )

  it(
    'network_delay through the proxy: the proxy died with the CLI, nothing to roll back',
    async () => {
      const killed = await killMidFault(
        'type: network_delay, parameters: {delay_ms: 100}',
        (await okServer()).url,
        run => /inject: \+100 ms/.test(run.stderr())
      )
      expect(killed.ports.length).toBeGreaterThanOrEqual(1)
      expect((await rollBack(killed)).stdout).toMatch(/nothing to roll back/)
    },
    TIMEOUT
  )

  it(
    "dependency_down: the dependency proxy's port is closed",
    async () => {
      const dependency = await pongServer()
      const listen = await closedPort()
      const service = await dependentService(listen)
      cleanups.push(
        () => service.close(),
        () => dependency.close()
      )
      const killed = await killMidFault(
        `type: dependency_down, parameters: {listen: '127.0.0.1:${listen}', upstream: '127.0.0.1:${dependency.port}', mode: timeout}`,
        service.url,
        async run => /inject: /.test(run.stderr()) && !(await askDependency(listen))
      )
      expect(killed.ports).toContain(listen)
      expect(killed.pending).toEqual([expect.objectContaining({ kind: 'listener', port: listen })])
      expect((await rollBack(killed)).stdout).toContain(
        `nothing listens on 127.0.0.1:${listen} any more`
      )
    },
    TIMEOUT
  )
})

describe('what the next run does with what a killed run left', () => {
  it(
    'a second inject resumes the paused service first, says so, and then runs',
    async () => {
      const service = await pausable()
      const killed = await killMidFault(
        `type: process_pause, parameters: {pid: ${service.pid}}`,
        service.url,
        () => processState(service.pid) === 'T'
      )
      await writeFile(
        path.join(killed.dir, 'again.yml'),
        `scenarios:\n  - {name: again, type: process_pause, intensity: light, duration: 1, parameters: {pid: ${service.pid}}}\n`
      )
      const run = await cli(
        ['inject', '--config', 'again.yml', '--target-url', service.url, '--rate', '5', ...FAST],
        killed.dir
      )
      expect(run.stderr).toMatch(
        new RegExp(
          `^a killed chaos-ci inject \\(pid ${killed.cliPid}, [^\\n]+\\n  resumed process ${service.pid} \\(SIGCONT\\), left stopped by a killed run\\nplan: `
        )
      )
      expect(run.stderr).toMatch(/chaos-ci inject: 1 scenario\(s\): 1 passed/)
      expect(run.code).toBe(0)
      expect(processState(service.pid)).not.toBe('T')
      expect(existsSync(path.join(killed.dir, STATE))).toBe(false)
    },
    TIMEOUT
  )

  it(
    'a failed undo stays in the file and stops demo; rollback runs it once it can',
    async () => {
      const dir = await tempDir()
      const folder = path.join(dir, 'chaos-ci-disk-left')
      await mkdir(folder)
      const busy = await okServer()
      const file = path.join(dir, 'state.json')
      const listener: PersistedUndo = {
        kind: 'listener',
        name: 'dependency proxy',
        host: '127.0.0.1',
        port: busy.port
      }
      const owner = {
        pid: 2 ** 22 + 1,
        startTime: 1,
        command: 'demo',
        startedAt: '2026-01-01T00:00:00.000Z'
      }
      await writeFile(
        file,
        JSON.stringify({
          schema: 'chaos-ci/rollback-state/v1',
          owner,
          pending: [listener, { kind: 'remove', name: 'disk_stress folder', path: folder }]
        })
      )
      const first = await cli(['rollback', '--state-file', file], dir)
      expect(first.code).toBe(1)
      expect(first.stdout).toContain(`removed ${folder}`)
      expect(first.stdout).toMatch(
        /FAILED: dependency proxy: 127\.0\.0\.1:\d+ still accepts connections/
      )
      expect(first.stdout).toMatch(/1 of 2 undo\(s\) failed; they stay in /)
      expect(existsSync(folder)).toBe(false)
      expect(pendingIn(file)).toEqual([listener])

      const demo = await cli(['demo', '--state-file', file], dir)
      expect(demo.code).toBe(2)
      expect(demo.stderr).toContain(`1 undo(s) left by a killed run failed; they stay in ${file}.`)
      expect(demo.stderr).not.toMatch(/starting .*demo-service/)

      await busy.close()
      const last = await cli(['rollback'], dir, { ...process.env, CHAOS_CI_STATE_FILE: file })
      expect(last.code).toBe(0)
      expect(last.stdout).toContain(`nothing listens on 127.0.0.1:${busy.port} any more`)
      expect(existsSync(file)).toBe(false)
    },
    TIMEOUT
  )

  it(
    'leaves a PID alone that now names another process, and says so',
    async () => {
      const other = startBackground(process.execPath, ['-e', 'setInterval(() => {}, 1000)'])
      cleanups.push(() => other.stop(500))
      const { startTime, bootId } = identify(other.pid)
      const dir = await tempDir()
      const recycled = { pid: other.pid, startTime: startTime! - 1, ...(bootId ? { bootId } : {}) }
      await mkdir(path.join(dir, '.chaos-ci'))
      await writeFile(
        path.join(dir, STATE),
        JSON.stringify({
          schema: 'chaos-ci/rollback-state/v1',
          owner: { pid: 2 ** 22 + 1, command: 'inject', startedAt: '2026-01-01T00:00:00.000Z' },
          pending: [
            { kind: 'signal', name: `SIGCONT ${other.pid}`, signal: 'SIGCONT', ...recycled },
            { kind: 'kill', name: `cpu worker ${other.pid}`, ...recycled }
          ]
        })
      )
      const run = await cli(['rollback', '--format', 'json'], dir)
      expect(run.code).toBe(0)
      const report = JSON.parse(run.stdout) as { undos: Array<{ ok: boolean; detail: string }> }
      expect(report.undos.map(undo => [undo.ok, undo.detail])).toEqual([
        [true, `pid ${other.pid} now belongs to another process (started after ours): left alone`],
        [true, `pid ${other.pid} now belongs to another process (started after ours): left alone`]
      ])
      expect(isAlive(other.pid)).toBe(true)
      expect(await readdir(dir)).toEqual([])
    },
    TIMEOUT
  )

  it(
    'does not touch a state file whose run is still going',
    async () => {
      const dir = await tempDir()
      const file = path.join(dir, 'state.json')
      const text = JSON.stringify({
        schema: 'chaos-ci/rollback-state/v1',
        owner: {
          pid: process.pid,
          ...identify(process.pid),
          command: 'inject',
          startedAt: '2026-01-01T00:00:00.000Z'
        },
        pending: [
          { kind: 'remove', name: 'disk_stress folder', path: path.join(dir, 'chaos-ci-disk-x') }
        ]
      })
      await writeFile(file, text)
      const run = await cli(['rollback', '--state-file', file], dir)
      expect(run.code).toBe(2)
      expect(run.stderr).toMatch(
        new RegExp(`belongs to a chaos-ci inject that is still running \\(pid ${process.pid}, `)
      )
      expect(readFileSync(file, 'utf8')).toBe(text)
    },
    TIMEOUT
  )

  it(
    'says there is nothing to roll back, and writes nothing',
    async () => {
      const dir = await tempDir()
      const run = await cli(['rollback'], dir)
      expect(run.code).toBe(0)
      expect(run.stdout).toBe(
        `chaos-ci rollback: nothing to roll back (${path.join(dir, STATE)})\n`
      )
      expect(await readdir(dir)).toEqual([])
    },
    TIMEOUT
  )
})
