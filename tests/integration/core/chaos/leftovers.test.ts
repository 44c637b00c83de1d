/**
 * Saved undos run after their process died (the action's post step, the CLI's next run), on real
 * child processes and folders: each checks that a PID is still the process that was recorded, says
 * what it found and did, and removes only a folder chaos-ci made.
 */
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'

import { afterEach, describe, expect, it } from '@jest/globals'

import { type BackgroundProcess, startBackground } from '../../../../src/core/exec/background.js'
import { identify, isAlive, whoIs } from '../../../../src/core/exec/process-tree.js'
import { runLeftovers } from '../../../../src/core/experiment/leftovers.js'
import type { PersistedUndo } from '../../../../src/core/experiment/rollback.js'
import { processState } from '../../../../src/core/process/find.js'
import { survivors, tempDir } from '../../../helpers/processes.js'

const started: BackgroundProcess[] = []
afterEach(async () => {
  while (started.length) await started.pop()!.stop(500)
})

function idle(): BackgroundProcess {
  const child = startBackground(process.execPath, ['-e', 'setInterval(() => {}, 1000)'])
  started.push(child)
  return child
}

const deps = { env: process.env, log: () => {} }

describe('saved undos', () => {
  it('tell a live PID from one that exited and from one that now names a later process', async () => {
    const child = idle()
    const identity = identify(child.pid)
    expect(identity.startTime).toEqual(expect.any(Number))
    expect(whoIs(child.pid, identity)).toBe('same')
    expect(whoIs(child.pid, { ...identity, startTime: identity.startTime! - 1 })).toBe('other')
    expect(whoIs(child.pid, { ...identity, bootId: 'another boot' })).toBe('gone')
    await child.stop(500)
    expect(whoIs(child.pid, identity)).toBe('gone')
  })

  it('resume a process left stopped, and end a worker, when each is still the one recorded', async () => {
    const paused = idle()
    const worker = idle()
    process.kill(paused.pid, 'SIGSTOP')
    const pending: PersistedUndo[] = [
      {
        kind: 'signal',
        name: 'resume',
        pid: paused.pid,
        signal: 'SIGCONT',
        ...identify(paused.pid)
      },
      { kind: 'kill', name: `cpu worker ${worker.pid}`, pid: worker.pid, ...identify(worker.pid) }
    ]
    const reports = await runLeftovers(pending, deps)
    expect(reports.map(report => [report.ok, report.detail])).toEqual([
      [true, `ended cpu worker ${worker.pid} (1 process(es))`],
      [true, `resumed process ${paused.pid} (SIGCONT), left stopped by a killed run`]
    ])
    expect(await survivors([worker.pid])).toEqual([])
    expect(processState(paused.pid)).not.toBe('T')
  })

  it('leave a recycled PID alone, and say so', async () => {
    const other = idle()
    const stale = { pid: other.pid, startTime: identify(other.pid).startTime! - 1 }
    const reports = await runLeftovers(
      [
        { kind: 'kill', name: `memory worker ${other.pid}`, ...stale },
        { kind: 'signal', name: 'resume', signal: 'SIGCONT', ...stale }
      ],
      deps
    )
    expect(reports.map(report => report.detail)).toEqual([
      `pid ${other.pid} now belongs to another process (started after ours): left alone`,
      `pid ${other.pid} now belongs to another process (started after ours): left alone`
    ])
    expect(isAlive(other.pid)).toBe(true)
  })

  it('remove a chaos-ci folder, and refuse any other path', async () => {
    const dir = await tempDir()
    const ours = path.join(dir, 'chaos-ci-disk-0123')
    const precious = path.join(dir, 'precious')
    await mkdir(ours)
    await mkdir(precious)
    const reports = await runLeftovers(
      [
        { kind: 'remove', name: 'folder', path: precious },
        { kind: 'remove', name: 'folder', path: 'chaos-ci-relative' },
        { kind: 'remove', name: 'folder', path: ours },
        { kind: 'remove', name: 'folder', path: path.join(dir, 'chaos-ci-disk-gone') }
      ],
      deps
    )
    expect(reports.map(report => [report.ok, report.detail ?? report.error])).toEqual([
      [true, `${path.join(dir, 'chaos-ci-disk-gone')} is gone already`],
      [true, `removed ${ours}`],
      [false, 'chaos-ci-relative is not a folder chaos-ci made (chaos-ci-*): left alone'],
      [false, `${precious} is not a folder chaos-ci made (chaos-ci-*): left alone`]
    ])
    expect(existsSync(ours)).toBe(false)
    expect(existsSync(precious)).toBe(true)
  })
})
