/**
 * The CLI's rollback state file on real temp files: its full shape from the first save, atomic
 * replacement (no temp file left), removal with its folder, and what reading it tells apart.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import { stateFilePath } from '../../../../src/cli/rollback-state.js'
import type { PersistedUndo } from '../../../../src/core/experiment/rollback.js'
import {
  ownerNow,
  readState,
  STATE_SCHEMA,
  StateFile
} from '../../../../src/core/experiment/state-file.js'
import { tempDir } from '../../../helpers/processes.js'

const undo: PersistedUndo = { kind: 'remove', name: 'disk_stress folder', path: '/tmp/chaos-ci-x' }

describe('the rollback state file', () => {
  it('is saved whole on every change, replaced atomically, and removed with its folder', async () => {
    const dir = await tempDir()
    const file = path.join(dir, '.chaos-ci', 'rollback-state.json')
    const state = new StateFile(file, ownerNow('inject', new Date('2026-01-02T03:04:05Z')))
    state.save([])
    state.save([undo])
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      schema: STATE_SCHEMA,
      owner: {
        pid: process.pid,
        startTime: expect.any(Number),
        bootId: expect.any(String),
        command: 'inject',
        startedAt: '2026-01-02T03:04:05.000Z'
      },
      pending: [undo]
    })
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(await readdir(path.dirname(file))).toEqual(['rollback-state.json'])
    state.release()
    expect(await readdir(dir)).toEqual([])
  })

  it('keeps a folder that holds other files (.chaos-ci/audit.yml)', async () => {
    const dir = await tempDir()
    await mkdir(path.join(dir, '.chaos-ci'))
    await writeFile(path.join(dir, '.chaos-ci', 'audit.yml'), 'ignore: []\n')
    const state = new StateFile(path.join(dir, '.chaos-ci', 'state.json'), ownerNow('inject'))
    state.save([undo])
    state.release()
    expect(await readdir(path.join(dir, '.chaos-ci'))).toEqual(['audit.yml'])
  })

  it("tells no file, a live run's, a dead run's and a damaged one apart", async () => {
    const dir = await tempDir()
    const file = path.join(dir, 'state.json')
    expect(readState(file)).toEqual({ kind: 'none' })
    new StateFile(file, ownerNow('demo')).save([undo])
    expect(readState(file)).toMatchObject({ kind: 'live', owner: { pid: process.pid } })
    const dead = { pid: 2 ** 22 + 1, command: 'inject', startedAt: '2026-01-01T00:00:00Z' }
    await writeFile(file, JSON.stringify({ schema: STATE_SCHEMA, owner: dead, pending: [undo, 7] }))
    expect(readState(file)).toEqual({
      kind: 'left',
      owner: dead,
      pending: [undo],
      problem: 'unknown entries skipped'
    })
    await writeFile(file, '{"pending": []}')
    expect(readState(file)).toEqual({
      kind: 'unreadable',
      problem: `not a ${STATE_SCHEMA} file`
    })
    await writeFile(file, '{"schema": "chaos-ci/rollback-state/v1", "own')
    expect(readState(file)).toMatchObject({ kind: 'unreadable', problem: expect.any(String) })
    expect(existsSync(file)).toBe(true)
  })

  it('is per working directory unless --state-file or CHAOS_CI_STATE_FILE names one', () => {
    expect(stateFilePath(undefined, {}, '/work/a')).toBe('/work/a/.chaos-ci/rollback-state.json')
    expect(stateFilePath(undefined, { CHAOS_CI_STATE_FILE: 's.json' }, '/work/a')).toBe(
      '/work/a/s.json'
    )
    expect(stateFilePath('/tmp/x.json', { CHAOS_CI_STATE_FILE: 's.json' }, '/work/a')).toBe(
      '/tmp/x.json'
    )
  })
})
