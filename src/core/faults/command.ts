/**
 * The user's own injector instead of a built-in fault: `command` runs as the fault of each selected
 * scenario, wrapped by the healer (classified failures, backoff), with the scenario in environment
 * variables. `rollback-command`, when given, is the undo: registered before the command starts, run
 * after the fault, and saved for the post step in case this process dies.
 */
import { runCommand } from '../exec/run-command.js'
import { heal } from '../heal/healer.js'
import { parseHealOptions } from '../heal/options.js'
import { BUILTIN_RULES } from '../heal/rules.js'
import type { Scenario } from '../scenarios/model.js'
import type { FaultPlugin } from './plugin.js'

export interface Injector {
  command: string
  rollbackCommand?: string
  cwd?: string
  maxAttempts: number
  /** The environment the commands run in (the scenario's variables are added). */
  env: NodeJS.ProcessEnv
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void
}

/** The variables a scenario's injector sees. */
export function scenarioEnv(scenario: Scenario): Record<string, string> {
  return {
    CHAOS_CI_SCENARIO: scenario.name,
    CHAOS_CI_SCENARIO_TYPE: scenario.type,
    CHAOS_CI_INTENSITY: scenario.intensity,
    CHAOS_CI_DURATION_SECONDS: String(scenario.duration),
    CHAOS_CI_PARAMETERS: JSON.stringify(scenario.parameters)
  }
}

/** Runs rollback-command once; throws when it fails, so the rollback report says so. */
export async function runRollbackCommand(
  command: string,
  cwd: string | undefined,
  env: NodeJS.ProcessEnv,
  onOutput?: Injector['onOutput']
): Promise<void> {
  const result = await runCommand(
    { script: command, shell: 'bash' },
    { ...(cwd ? { cwd } : {}), env, timeoutMs: 60_000, ...(onOutput ? { onOutput } : {}) }
  )
  if (result.exitCode !== 0)
    throw new Error(
      `rollback-command ${result.timedOut ? 'timed out' : `exited ${result.exitCode ?? result.signal}`}: ${result.stderr.trim().split('\n').at(-1) ?? ''}`
    )
}

export function commandPlugin(injector: Injector): FaultPlugin<Scenario> {
  return {
    type: 'command',
    route: 'tcp',
    settings: scenario => scenario,
    describe: () =>
      `your injector: ${injector.command}${injector.rollbackCommand ? `; undo: ${injector.rollbackCommand}` : ''}`,
    async apply(scenario, target) {
      const env = { ...injector.env, ...scenarioEnv(scenario) }
      const undo = injector.rollbackCommand
      if (undo)
        target.rollback.register(
          'rollback-command',
          () => runRollbackCommand(undo, injector.cwd, env, injector.onOutput),
          {
            kind: 'command',
            name: 'rollback-command',
            command: undo,
            ...(injector.cwd ? { cwd: injector.cwd } : {})
          }
        )
      const options = parseHealOptions({
        command: injector.command,
        shell: 'bash',
        maxAttempts: String(injector.maxAttempts),
        retryDelay: '1',
        ...(injector.cwd ? { workingDirectory: injector.cwd } : {})
      })
      const journal = await heal(options, {
        rules: BUILTIN_RULES,
        env,
        signal: target.signal,
        ...(injector.onOutput ? { onOutput: injector.onOutput } : {})
      })
      if (journal.outcome === 'failed')
        throw new Error(
          `the injector command failed after ${journal.attempts.length} attempt(s) (${journal.category ?? 'unknown'}, exit ${journal.exit_code ?? 'none'})`
        )
      return {
        details: {
          command: injector.command,
          outcome: journal.outcome,
          attempts: journal.attempts.length,
          healed: journal.healed
        },
        efficacy: () => ({ landed: null, detail: 'your injector: efficacy is not judged' })
      }
    }
  }
}
