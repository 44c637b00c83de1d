/** The healer's loop with a scripted runner and a fake clock: decisions and delays, no sleeping. */
import { describe, expect, it } from '@jest/globals'

import type { Clock } from '../../../../src/core/clock.js'
import type { runCommand } from '../../../../src/core/exec/run-command.js'
import { heal } from '../../../../src/core/heal/healer.js'
import { parseHealOptions } from '../../../../src/core/heal/options.js'
import { BUILTIN_RULES } from '../../../../src/core/heal/rules.js'
import { commandResult } from '../../../helpers/command-result.js'

function fakeClock(): Clock & { sleeps: number[] } {
  let now = 0
  const sleeps: number[] = []
  return { sleeps, now: () => now, sleep: async ms => void (sleeps.push(ms), (now += ms)) }
}

/** A runner replaying [exit code, output, timed out] triples. */
function scripted(results: Array<[number, string, boolean?]>): {
  runner: typeof runCommand
  calls: () => number
} {
  let i = 0
  const runner = (async () => {
    const [exitCode, output, timedOut = false] = results[Math.min(i++, results.length - 1)]!
    return commandResult({ exitCode, timedOut, durationMs: 10, output })
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

  it('stops a second timeout that hung at the same line, and says to find the hang', async () => {
    const { runner, calls } = scripted([[143, 'connecting\nwaiting for lock\n', true]])
    const journal = await heal(options, { rules: BUILTIN_RULES, runner, clock: fakeClock() })
    expect(calls()).toBe(2)
    expect(journal.attempts.map(a => a.decision)).toEqual(['retry', 'stop'])
    expect(journal.attempts[1]).toMatchObject({
      category: 'timeout',
      reason: 'it hung the same way twice: a third attempt would hang again'
    })
    expect(journal.attempts[1]!.next_step).toMatch(
      /^Find the hang: both attempts stopped after printing 'waiting for lock'/
    )
  })

  it('retries a timeout that hung somewhere else the second time', async () => {
    const { runner, calls } = scripted([
      [143, 'step 1', true],
      [143, 'step 2', true],
      [0, 'ok']
    ])
    const journal = await heal(options, { rules: BUILTIN_RULES, runner, clock: fakeClock() })
    expect(calls()).toBe(3)
    expect(journal.outcome).toBe('flaky-pass')
  })

  it("retries a tool's own timeout once, and stops when it reports the same timeout again", async () => {
    const { runner, calls } = scripted([
      [1, 'building\nError: Timed out waiting 60000ms from config.webServer.'],
      [1, 'building\nError: Timed out waiting 60000ms from config.webServer.'],
      [0, 'ok']
    ])
    const journal = await heal(options, { rules: BUILTIN_RULES, runner, clock: fakeClock() })
    expect(calls()).toBe(2)
    expect(journal.attempts.map(a => [a.category, a.decision])).toEqual([
      ['timeout', 'retry'],
      ['timeout', 'stop']
    ])
    expect(journal.attempts[1]!.reason).toBe(
      'it timed out the same way twice: a third attempt would time out again'
    )
  })

  it('does not run a pip fix for a go.sum error, and stops naming both ecosystems', async () => {
    const { runner, calls } = scripted([
      [1, 'main.go:4:2: missing go.sum entry for module providing package example.com/x']
    ])
    const journal = await heal(
      parseHealOptions({
        command: 'go build ./...',
        onDependencyFailure: 'pip install -r requirements.txt'
      }),
      { rules: BUILTIN_RULES, runner, clock: fakeClock() }
    )
    expect(calls()).toBe(1)
    expect(journal.attempts[0]).toMatchObject({
      category: 'dependency',
      strategy: 'fix-dependencies',
      strategy_outcome: 'skipped',
      decision: 'stop',
      reason:
        'the failure is a go dependency but on-dependency-failure installs python packages: it was not run, and its exit code would prove nothing'
    })
    expect(journal.attempts[0]!.next_step).toMatch(
      /^Make on-dependency-failure fix go dependencies \(e\.g\. go mod tidy\)/
    )
  })

  it('retries a failure no rule matched and the model is unsure of only with on-unknown: retry', async () => {
    // an output the corpus model is under 60% sure of, so it stays unknown (exit 1: the model reads
    // a bare exit 3 as a configuration error)
    const odd: Array<[number, string]> = [
      [1, 'something odd'],
      [0, 'ok']
    ]
    const stopped = await heal(options, {
      rules: BUILTIN_RULES,
      ...scripted(odd),
      clock: fakeClock()
    })
    expect(stopped.attempts[0]).toMatchObject({
      decision: 'stop',
      reason: 'no rule matched, the corpus model is not sure what it is, and on-unknown is model'
    })
    expect(stopped.attempts[0]!.next_step).toMatch(
      /add a rule for it in \.chaos-ci\/heal-rules\.yml/
    )
    const retried = await heal(
      parseHealOptions({ command: 'x', onUnknown: 'retry', retryDelay: '1' }),
      { rules: BUILTIN_RULES, ...scripted(odd), clock: fakeClock(), random: () => 0 }
    )
    expect(retried).toMatchObject({ outcome: 'flaky-pass', category: 'unknown' })
    expect(retried.attempts[0]).toMatchObject({
      strategy: 'backoff',
      delay_ms: 1000,
      next_step: null
    })
  })

  it('keeps a next step only on the attempt that stopped', async () => {
    const { runner } = scripted([
      [1, 'ECONNRESET'],
      [1, "FileNotFoundError: [Errno 2] No such file or directory: 'app.toml'"]
    ])
    const journal = await heal(options, {
      rules: BUILTIN_RULES,
      runner,
      clock: fakeClock(),
      random: () => 0
    })
    expect(journal.attempts.map(a => a.next_step)).toEqual([
      null,
      "Fix 'app.toml', then re-run: a retry cannot change a configuration error."
    ])
    expect(journal.category).toBe('configuration')
  })
})
