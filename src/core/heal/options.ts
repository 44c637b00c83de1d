/**
 * Healer settings from raw strings: the one parser behind the `heal` action's inputs and the
 * `chaos-ci heal` options, which share these kebab-case names.
 */
import { UserError } from '../errors.js'
import type { CommandSpec, ShellName } from '../exec/run-command.js'
import { SHELLS } from '../exec/run-command.js'
import { parseHealthOptions } from '../health/options.js'
import type { HealthOptions } from '../health/wait.js'
import { parseBoolean, parseNumber } from '../settings/parse.js'
import { didYouMean } from '../text/suggest.js'
import { ON_UNKNOWN, type OnUnknown, type RetryPolicy } from './policy.js'
import { CATEGORIES, type Category } from './rules.js'

export const HEAL_INPUTS = {
  command: 'command',
  shell: 'shell',
  workingDirectory: 'working-directory',
  maxAttempts: 'max-attempts',
  retryDelay: 'retry-delay',
  maxDelay: 'max-delay',
  constantDelay: 'constant-delay',
  timeoutSeconds: 'timeout-seconds',
  totalTimeoutSeconds: 'total-timeout-seconds',
  retryOn: 'retry-on',
  rules: 'rules',
  healthUrl: 'health-url',
  healthTimeoutSeconds: 'health-timeout-seconds',
  cooldownSeconds: 'cooldown-seconds',
  preRetryCommand: 'pre-retry-command',
  onDependencyFailure: 'on-dependency-failure',
  onUnknown: 'on-unknown'
} as const

export type HealInputKey = keyof typeof HEAL_INPUTS
export type RawHealOptions = Partial<Record<HealInputKey, string>>

export const HEAL_DEFAULTS = {
  shell: 'bash',
  maxAttempts: 3,
  retryDelay: 5,
  maxDelay: 60,
  timeoutSeconds: 0,
  totalTimeoutSeconds: 0,
  healthTimeoutSeconds: 60,
  cooldownSeconds: 5,
  /**
   * What to do when no rule matches: `model`, retry only what the corpus model reads as network or
   * health_check, as the corpus decides (docs/benchmarks.md, on-unknown).
   */
  onUnknown: 'model'
} as const satisfies Record<string, number | string>

export interface HealOptions {
  command: CommandSpec
  workingDirectory?: string
  policy: RetryPolicy
  /** Per-attempt timeout; 0 for none. */
  timeoutMs: number
  /** Deadline for everything; 0 for none. */
  totalTimeoutMs: number
  health?: HealthOptions
  cooldownMs: number
  preRetryCommand?: CommandSpec
  onDependencyFailure?: CommandSpec
}

const SHELL_NAMES = [...Object.keys(SHELLS), 'none'] as const

/** Parses `shell` and `command`: a script for a shell, or with `shell: none` a JSON argv list. */
export function parseCommand(
  rawCommand: string | undefined,
  rawShell: string | undefined
): CommandSpec {
  const script = (rawCommand ?? '').trim()
  if (script === '')
    throw new UserError('no command was given.', 'Set command to what should run, e.g. npm test.', {
      input: HEAL_INPUTS.command
    })
  const shell = (rawShell ?? '').trim() || HEAL_DEFAULTS.shell
  if (!SHELL_NAMES.includes(shell)) {
    throw new UserError(
      `unknown shell '${shell}'.${didYouMean(shell, SHELL_NAMES)}`,
      `Use one of: ${SHELL_NAMES.join(', ')}.`,
      { input: HEAL_INPUTS.shell }
    )
  }
  if (shell !== 'none') return { script, shell: shell as ShellName }
  let argv: unknown
  try {
    argv = JSON.parse(script)
  } catch {
    argv = undefined
  }
  if (!Array.isArray(argv) || argv.length === 0 || !argv.every(part => typeof part === 'string')) {
    throw new UserError(
      'with shell: none, command must be a JSON list of strings.',
      'Write it as ["python3", "-m", "pytest"], or pick a shell.',
      { input: HEAL_INPUTS.command }
    )
  }
  return { argv: argv }
}

/** Parses `retry-on`: categories and exit codes, separated by commas, spaces or lines. */
export function parseRetryOn(raw: string | undefined): RetryPolicy['retryOn'] {
  const categories: Category[] = []
  const exitCodes: number[] = []
  for (const word of (raw ?? '').split(/[\s,]+/).filter(Boolean)) {
    if (/^\d+$/.test(word) && Number(word) <= 255) exitCodes.push(Number(word))
    else if ((CATEGORIES as readonly string[]).includes(word)) categories.push(word as Category)
    else {
      throw new UserError(
        `'${word}' is neither a category nor an exit code.${didYouMean(word, CATEGORIES)}`,
        `Use exit codes (0-255) and categories: ${CATEGORIES.join(', ')}.`,
        {
          input: HEAL_INPUTS.retryOn
        }
      )
    }
  }
  return { categories, exitCodes }
}

function seconds(
  raw: RawHealOptions,
  key: HealInputKey,
  fallback: number,
  min: number,
  max: number
): number {
  return parseNumber(HEAL_INPUTS[key], raw[key], fallback, { min, max }) * 1000
}

/** pre-retry-command and on-dependency-failure are bash scripts, whatever shell the command uses. */
function helperScript(raw: string | undefined): CommandSpec | undefined {
  return raw?.trim() ? { script: raw.trim(), shell: 'bash' } : undefined
}

/** The health-url check, with errors naming health-url rather than the health action's url. */
function parseHealthUrl(raw: RawHealOptions): HealthOptions | undefined {
  const url = raw.healthUrl?.trim()
  if (!url) return undefined
  const timeout =
    seconds(raw, 'healthTimeoutSeconds', HEAL_DEFAULTS.healthTimeoutSeconds, 0, 3600) / 1000
  try {
    return parseHealthOptions({
      url,
      timeoutSeconds: String(timeout),
      intervalSeconds: '0.5',
      maxIntervalSeconds: '5'
    })
  } catch (error) {
    if (!(error instanceof UserError)) throw error
    throw new UserError(
      error.message,
      error.fix.replace(/^Write each URL in full on its own line/, 'Write the URL in full'),
      { input: HEAL_INPUTS.healthUrl }
    )
  }
}

/** Parses `on-unknown`: `model`, `retry` or `stop`; `retry-on` naming unknown makes it retry. */
export function parseOnUnknown(
  raw: string | undefined,
  retryOn: RetryPolicy['retryOn']
): OnUnknown {
  const value = (raw ?? '').trim() || HEAL_DEFAULTS.onUnknown
  if (!(ON_UNKNOWN as readonly string[]).includes(value))
    throw new UserError(
      `'${value}' is not a choice for unknown failures.${didYouMean(value, ON_UNKNOWN)}`,
      `Set ${HEAL_INPUTS.onUnknown} to model (retry what the corpus model reads as network or health_check), retry (retry with backoff, like a transient failure) or stop (never retry).`,
      { input: HEAL_INPUTS.onUnknown }
    )
  // the runner passes action.yml's default (model) as if it were set: retry-on naming unknown, the
  // narrower and explicit choice, retries it then
  if (retryOn.categories.includes('unknown')) return 'retry'
  return value as OnUnknown
}

/** Validates every value, and the rules between them, before anything runs. */
export function parseHealOptions(raw: RawHealOptions): HealOptions {
  const command = parseCommand(raw.command, raw.shell)
  const constant = parseBoolean(HEAL_INPUTS.constantDelay, raw.constantDelay, false)
  const retryDelayMs = seconds(raw, 'retryDelay', HEAL_DEFAULTS.retryDelay, 0, 3600)
  const maxDelayMs = seconds(
    raw,
    'maxDelay',
    Math.max(HEAL_DEFAULTS.maxDelay, retryDelayMs / 1000),
    0,
    3600
  )
  if (maxDelayMs < retryDelayMs) {
    throw new UserError(
      `max-delay (${maxDelayMs / 1000}) is less than retry-delay (${retryDelayMs / 1000}).`,
      'Raise max-delay to at least retry-delay.',
      { input: HEAL_INPUTS.maxDelay }
    )
  }
  const health = parseHealthUrl(raw)
  const preRetryCommand = helperScript(raw.preRetryCommand)
  const onDependencyFailure = helperScript(raw.onDependencyFailure)
  const retryOn = parseRetryOn(raw.retryOn)
  return {
    command,
    ...(raw.workingDirectory?.trim() ? { workingDirectory: raw.workingDirectory.trim() } : {}),
    policy: {
      maxAttempts: parseNumber(
        HEAL_INPUTS.maxAttempts,
        raw.maxAttempts,
        HEAL_DEFAULTS.maxAttempts,
        { min: 1, max: 100, integer: true }
      ),
      backoff: {
        initialMs: retryDelayMs,
        maxMs: maxDelayMs,
        factor: constant ? 1 : 2,
        jitter: constant ? 0 : 1
      },
      retryOn,
      onUnknown: parseOnUnknown(raw.onUnknown, retryOn)
    },
    timeoutMs: seconds(raw, 'timeoutSeconds', HEAL_DEFAULTS.timeoutSeconds, 0, 86400),
    totalTimeoutMs: seconds(
      raw,
      'totalTimeoutSeconds',
      HEAL_DEFAULTS.totalTimeoutSeconds,
      0,
      86400
    ),
    ...(health ? { health } : {}),
    cooldownMs: seconds(raw, 'cooldownSeconds', HEAL_DEFAULTS.cooldownSeconds, 0, 3600),
    ...(preRetryCommand ? { preRetryCommand } : {}),
    ...(onDependencyFailure ? { onDependencyFailure } : {})
  }
}
