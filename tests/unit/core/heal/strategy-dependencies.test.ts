/** fix-dependencies with a fake sentinel and a scripted process runner: what it runs and concludes. */
import { describe, expect, it } from '@jest/globals'

import type { Clock } from '../../../../src/core/clock.js'
import type { CommandSpec, runCommand, RunOptions } from '../../../../src/core/exec/run-command.js'
import type { DependencyFixer, StrategyContext } from '../../../../src/core/heal/strategies.js'
import { applyStrategy } from '../../../../src/core/heal/strategies.js'
import { commandResult } from '../../../helpers/command-result.js'

const clock: Clock = { now: () => 0, sleep: async () => {} }

/** A runner that records what it was asked to run and exits with `exitCode`. */
function recording(exitCode: number, output = '') {
  const calls: Array<{ spec: CommandSpec; options: RunOptions }> = []
  const runner = (async (spec: CommandSpec, options: RunOptions = {}) => {
    calls.push({ spec, options })
    return commandResult({ exitCode, durationMs: 5, output })
  }) as typeof runCommand
  return { runner, calls }
}

function fakeFixer(installReason = 'python3 -m pip install acme-sdk'): DependencyFixer & {
  applied: number
} {
  const fixer = {
    applied: 0,
    plan: async () => ({
      fixable: true,
      module: 'acme_sdk',
      name: 'acme-sdk',
      detail: "'acme_sdk' → acme-sdk (high, user-map)"
    }),
    apply: async () => {
      fixer.applied++
      return [
        { action: 'added', name: 'acme-sdk', reason: 'imported at (healed failure):0' },
        { action: 'installed', name: 'acme-sdk', reason: installReason }
      ]
    }
  }
  return fixer
}

const missing = "ModuleNotFoundError: No module named 'acme_sdk'"
const context = (extra: Partial<StrategyContext>): StrategyContext => ({
  command: { script: `PYTHONPATH=site .venv/bin/python app.py`, shell: 'bash' },
  cooldownMs: 0,
  run: { cwd: '/work/app' },
  clock,
  failureLine: missing,
  ...extra
})

describe('the sentinel fix', () => {
  it("imports the module with the step's own interpreter and environment after installing it", async () => {
    const { runner, calls } = recording(0)
    const outcome = await applyStrategy('fix-dependencies', context({ fixer: fakeFixer(), runner }))
    expect(calls).toHaveLength(1)
    expect(calls[0]!.spec).toEqual({ argv: ['.venv/bin/python', '-c', 'import acme_sdk'] })
    expect(calls[0]!.options).toMatchObject({ cwd: '/work/app', env: { PYTHONPATH: 'site' } })
    expect(outcome).toMatchObject({ outcome: 'done', fixedModule: 'acme_sdk' })
    expect(outcome.stop).toBeUndefined()
    expect(outcome.detail).toMatch(/\.venv\/bin\/python -c "import acme_sdk" works$/)
  })

  it('fails and stops when the import still fails, saying pip found it already satisfied', async () => {
    const { runner } = recording(1, "ModuleNotFoundError: No module named 'acme_sdk'\n")
    const outcome = await applyStrategy(
      'fix-dependencies',
      context({
        command: { argv: ['python3.12', 'app.py'] },
        fixer: fakeFixer('python3 -m pip install acme-sdk (pip: Requirement already satisfied)'),
        runner
      })
    )
    expect(outcome).toMatchObject({
      outcome: 'failed',
      stop: {
        reason:
          'the installed acme-sdk is not importable by python3.12: a retry would fail the same way'
      }
    })
    expect(outcome.detail).toBe(
      `installed acme-sdk, but python3.12 -c "import acme_sdk" still fails (ModuleNotFoundError: No module named 'acme_sdk'): pip said Requirement already satisfied: acme-sdk is installed for another interpreter than python3.12`
    )
    expect(outcome.stop!.nextStep).toMatch(/python3\.12 -m pip install acme-sdk/)
  })

  it('checks with python3 when the step does not start with a Python interpreter', async () => {
    const { runner, calls } = recording(0)
    await applyStrategy(
      'fix-dependencies',
      context({ command: { script: 'pytest -q', shell: 'bash' }, fixer: fakeFixer(), runner })
    )
    expect(calls[0]!.spec).toEqual({ argv: ['python3', '-c', 'import acme_sdk'] })
  })
})

describe('on-dependency-failure', () => {
  it('is not run for a failure of another ecosystem, and stops naming both', async () => {
    const { runner, calls } = recording(0)
    const outcome = await applyStrategy(
      'fix-dependencies',
      context({
        failureLine: 'main.go:4:2: missing go.sum entry for module providing package x/y',
        fixCommand: { script: 'pip install -r requirements.txt', shell: 'bash' },
        runner
      })
    )
    expect(calls).toEqual([])
    expect(outcome).toMatchObject({
      outcome: 'skipped',
      stop: {
        reason:
          'the failure is a go dependency but on-dependency-failure installs python packages: it was not run, and its exit code would prove nothing'
      }
    })
  })

  it('runs as before when either side is unknown or both agree', async () => {
    for (const [line, script] of [
      ['main.go: missing go.sum entry', './fix-deps.sh'],
      ['exit 3', 'pip install x'],
      ["ModuleNotFoundError: No module named 'x'", 'python3 -m pip install x']
    ] as const) {
      const { runner, calls } = recording(0)
      const outcome = await applyStrategy(
        'fix-dependencies',
        context({ failureLine: line, fixCommand: { script, shell: 'bash' }, runner })
      )
      expect([line, calls.length, outcome.outcome]).toEqual([line, 1, 'done'])
    }
  })

  it('stops when it fails', async () => {
    const { runner } = recording(2)
    const outcome = await applyStrategy(
      'fix-dependencies',
      context({ fixCommand: { script: 'pip install x', shell: 'bash' }, runner })
    )
    expect(outcome.stop?.reason).toBe('the dependency fix failed: a retry would change nothing')
  })
})
