import { describe, expect, it } from '@jest/globals'

import { type PersistedUndo, Rollback } from '../../../../src/core/experiment/rollback.js'

describe('Rollback', () => {
  it('runs undos newest first, and a failed undo does not stop the others', async () => {
    const order: string[] = []
    const rollback = new Rollback()
    rollback.register('first', () => void order.push('first'))
    rollback.register('broken', () => {
      order.push('broken')
      throw new Error('cannot undo')
    })
    rollback.register('last', async () => {
      await new Promise(resolve => setTimeout(resolve, 5))
      order.push('last')
    })
    const reports = await rollback.runAll()
    expect(order).toEqual(['last', 'broken', 'first'])
    expect(reports.map(r => [r.name, r.ok, r.error])).toEqual([
      ['last', true, undefined],
      ['broken', false, 'cannot undo'],
      ['first', true, undefined]
    ])
    expect(rollback.pending).toBe(0)
    expect(await rollback.runAll()).toEqual([])
  })

  it('runs an undo once, whether run alone first or with the rest', async () => {
    let runs = 0
    const rollback = new Rollback()
    const undo = rollback.register('once', () => void runs++)
    expect((await undo()).ok).toBe(true)
    await rollback.runAll()
    await undo()
    expect(runs).toBe(1)
  })

  it('keeps the persisted undos of nested scopes up to date for the post step', async () => {
    const seen: PersistedUndo[][] = []
    const rollback = new Rollback(pending => seen.push(pending))
    const command: PersistedUndo = { kind: 'command', name: 'undo', command: 'rm x' }
    const listener: PersistedUndo = { kind: 'listener', name: 'proxy', host: '127.0.0.1', port: 1 }
    rollback.register('proxy', () => {}, listener)
    const scope = rollback.scope('scenario')
    scope.register('undo', () => {}, command)
    expect(seen.at(-1)).toEqual([listener, command])
    await scope.runAll()
    expect(seen.at(-1)).toEqual([listener])
    await rollback.runAll()
    expect(seen.at(-1)).toEqual([])
    expect(rollback.reports.map(r => r.name)).toEqual(['undo', 'proxy'])
  })
})
