/** The healer's loop with a scripted runner and a fake clock: decisions and delays, no sleeping. */
import { describe, expect, it } from '@jest/globals'

import type { Clock } from '../../../../src/core/clock.js'
import type { CommandResult, runCommand } from '../../../../src/core/exec/run-command.js'
import { heal } from '../../../../src/core/heal/healer.js'
import { parseHealOptions } from '../../../../src/core/heal/options.js'
import { BUILTIN_RULES } from '../../../../src/core/heal/rules.js'

function fakeClock(): Clock & { sleeps: number[] } {
  let now = 0
  const sleeps: number[] = []
  return { sleeps, now: () => now, sleep: async ms => void (sleeps.push(ms), (now += ms)) }
}

/** A runner replaying [exit code, output] pairs. */
function scripted(results: Array<[number, string]>): {
  runner: typeof runCommand
  calls: () => number
} {
  let i = 0
  const runner = (async () => {
    const [exitCode, output] = results[Math.min(i++, results.length - 1)]!
    const result: CommandResult = {
      exitCode,
      signal: null,
      timedOut: false,
      cancelled: false,
      durationMs: 10,
      pid: 1,
      killed: [],
      output,
      stderr: '',
      outputChars: output.length
    }
    return result
  }) as typeof runCommand
  return { runner, calls: () => i }
}

const options = parseHealOptions({ command: 'x', maxAttempts: '4', retryDelay: '1', maxDelay: '3' })

describe('the healing loop', () => {
  it('backs off with a doubling, capped delay and ends in a flaky pass', async () => {
    const clock = fakeClock()
    const { runner, calls } = scripted([
      [1, 'ECONNRESET'],
      [1, 'ECONNRESET'],
      [1, 'ETIMEDOUT'],
      [0, 'ok']
    ])
    const journal = await heal(options, { rules: BUILTIN_RULES, runner, clock, random: () => 0 })
    expect(calls()).toBe(4)
    expect(clock.sleeps).toEqual([1000, 2000, 3000])
    expect(journal).toMatchObject({
      outcome: 'flaky-pass',
      healed: true,
      category: 'network',
      exit_code: 0
    })
    expect(journal.attempts.map(a => a.decision)).toEqual(['retry', 'retry', 'retry', null])
    expect(journal.attempts.map(a => a.delay_ms)).toEqual([1000, 2000, 3000, 0])
  })

  it('draws each delay uniformly below the nominal one (full jitter)', async () => {
    const clock = fakeClock()
    const { runner } = scripted([
      [1, 'ECONNRESET'],
      [1, 'ECONNRESET'],
      [0, '']
    ])
    await heal(options, { rules: BUILTIN_RULES, runner, clock, random: () => 0.5 })
    expect(clock.sleeps).toEqual([500, 1000])
  })

  it('stops at once on a configuration error, citing the line', async () => {
    const clock = fakeClock()
    const { runner, calls } = scripted([
      [1, 'loading config\nYAMLException: bad indentation (3:5)']
    ])
    const journal = await heal(options, { rules: BUILTIN_RULES, runner, clock })
    expect(calls()).toBe(1)
    expect(clock.sleeps).toEqual([])
    expect(journal).toMatchObject({
      outcome: 'failed',
      healed: false,
      category: 'configuration',
      exit_code: 1
    })
    expect(journal.attempts[0]).toMatchObject({
      rule: 'yaml-syntax',
      matched_line: 'YAMLException: bad indentation (3:5)',
      matched_line_number: 2,
      decision: 'stop'
    })
  })

  it('gives up after max-attempts and reports the last failure', async () => {
    const { runner, calls } = scripted([[1, 'ECONNRESET']])
    const journal = await heal(options, {
      rules: BUILTIN_RULES,
      runner,
      clock: fakeClock(),
      random: () => 0
    })
    expect(calls()).toBe(4)
    expect(journal.outcome).toBe('failed')
    expect(journal.attempts[3]).toMatchObject({ decision: 'stop', reason: 'all 4 attempts used' })
  })

  it('passes on the first attempt without a category', async () => {
    const { runner } = scripted([[0, 'fine']])
    const journal = await heal(options, { rules: BUILTIN_RULES, runner, clock: fakeClock() })
    expect(journal).toMatchObject({ outcome: 'passed', healed: false, category: null })
  })
})
