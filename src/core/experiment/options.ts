/**
 * Inject settings from raw strings: the one parser behind the `inject` action's inputs and the
 * `chaos-ci inject` options, which share these kebab-case names. Values that the scenario file can
 * also give (cooldown, the health endpoint) are resolved later, when the file has been read.
 */
import { UserError } from '../errors.js'
import { isLoopbackHost } from '../net/loopback.js'
import { EMPTY_POLICIES, type EmptyPolicy } from '../results/status.js'
import { INTENSITIES, type Intensity } from '../scenarios/types.js'
import { optionalText, parseBoolean, parseChoice, parseNumber } from '../settings/parse.js'
import { parseRequests, type TrafficRequest } from '../traffic/requests.js'

export const INJECT_INPUTS = {
  config: 'config',
  targetUrl: 'target-url',
  healthPath: 'health-path',
  group: 'group',
  scenario: 'scenario',
  intensity: 'intensity',
  environment: 'environment',
  dryRun: 'dry-run',
  seed: 'seed',
  allowDestructive: 'allow-destructive',
  allowRemoteTarget: 'allow-remote-target',
  rate: 'rate',
  requests: 'requests',
  requestTimeoutSeconds: 'request-timeout-seconds',
  baselineSeconds: 'baseline-seconds',
  sliceMs: 'slice-ms',
  cooldownSeconds: 'cooldown-seconds',
  command: 'command',
  rollbackCommand: 'rollback-command',
  durationSeconds: 'duration-seconds',
  maxAttempts: 'max-attempts',
  resultsDir: 'results-dir',
  journalDir: 'journal-dir',
  junitFile: 'junit-file',
  failOnFailure: 'fail-on-failure',
  onNothingRan: 'on-nothing-ran'
} as const

export type InjectInputKey = keyof typeof INJECT_INPUTS
export type RawInjectOptions = Partial<Record<InjectInputKey, string>>

export const INJECT_DEFAULTS = {
  config: 'deploy/chaos_scenarios.yml',
  rate: 50,
  requestTimeoutSeconds: 2,
  baselineSeconds: 5,
  sliceMs: 250,
  resultsDir: 'chaos-results'
} as const

export interface InjectOptions {
  config: string
  /** False when config was left to its default: with a command, a missing default file is fine. */
  configGiven: boolean
  /** The user's injector, run as each scenario's fault instead of the built-in one. */
  command?: string
  rollbackCommand?: string
  /** The fault's duration when a command runs without a scenario file. */
  durationSeconds: number
  /** Attempts the healer gives the command. */
  maxAttempts: number
  /** Absent only for a dry run. */
  targetUrl?: URL
  /** The steady-state endpoint's path; absent: the file's monitoring.health_check.endpoint. */
  healthPath?: string
  group?: string
  scenarios: string[]
  intensity?: Intensity
  environment?: string
  dryRun: boolean
  /** Absent: a fresh seed, printed and journaled. */
  seed?: number
  allowDestructive: boolean
  /** Traffic and faults may go to a target that is not this machine's loopback. */
  allowRemoteTarget: boolean
  rate: number
  /** Absent: GET the health endpoint. */
  requests?: TrafficRequest[]
  requestTimeoutMs: number
  baselineMs: number
  sliceMs: number
  /** Absent: the file's safety.cooldown_seconds, else 5 s. */
  cooldownMs?: number
  resultsDir: string
  journalDir?: string
  junitFile?: string
  failOnFailure: boolean
  /** A run in which no scenario's fault ran: fail the step (default) or warn. */
  onNothingRan: EmptyPolicy
}

function parseTarget(raw: string | undefined, allowRemote: boolean): URL | undefined {
  const text = optionalText(raw)
  if (text === undefined) return undefined
  let url: URL | undefined
  try {
    url = new URL(text)
  } catch {
    url = undefined
  }
  if (!url || url.protocol !== 'http:')
    throw new UserError(
      `'${text}' is not an absolute http:// URL.`,
      'Set target-url to the service as your tests reach it, e.g. http://127.0.0.1:8000 (the fault proxy speaks plain HTTP; https targets are not supported yet).',
      { input: INJECT_INPUTS.targetUrl }
    )
  if (!allowRemote && !isLoopbackHost(url.hostname))
    throw new UserError(
      `'${text}' is not on this machine: chaos-ci drives load and faults at loopback targets only (127.0.0.1, ::1, localhost).`,
      `Start the service on the runner and use http://127.0.0.1:<port>, or, if you mean to load a service elsewhere (a service container by its hostname, a staging host you own), set ${INJECT_INPUTS.allowRemoteTarget}: true.`,
      { input: INJECT_INPUTS.targetUrl }
    )
  return url
}

function parseIntensity(raw: string | undefined): Intensity | undefined {
  return parseChoice(
    INJECT_INPUTS.intensity,
    raw,
    INTENSITIES,
    undefined,
    'an intensity',
    `Set intensity to ${INTENSITIES.join(', ')}, or leave it empty for all.`
  )
}

/** Validates every value before anything runs. */
export function parseInjectOptions(raw: RawInjectOptions): InjectOptions {
  const dryRun = parseBoolean(INJECT_INPUTS.dryRun, raw.dryRun, false)
  const allowRemoteTarget = parseBoolean(
    INJECT_INPUTS.allowRemoteTarget,
    raw.allowRemoteTarget,
    false
  )
  const targetUrl = parseTarget(raw.targetUrl, allowRemoteTarget)
  if (!targetUrl && !dryRun)
    throw new UserError(
      'no target-url was given.',
      'Set target-url to the service under test, e.g. http://127.0.0.1:8000, or set dry-run: true to print the plan only.',
      { input: INJECT_INPUTS.targetUrl }
    )
  const healthPath = optionalText(raw.healthPath)
  if (healthPath !== undefined && !healthPath.startsWith('/'))
    throw new UserError(
      `'${healthPath}' is not a path.`,
      'Set health-path to a path on the target, e.g. /api/health.',
      { input: INJECT_INPUTS.healthPath }
    )
  const requests = parseRequests(raw.requests, INJECT_INPUTS.requests)
  const seed = optionalText(raw.seed)
  const cooldown = optionalText(raw.cooldownSeconds)
  const group = optionalText(raw.group)
  const environment = optionalText(raw.environment)
  const intensity = parseIntensity(raw.intensity)
  const journalDir = optionalText(raw.journalDir)
  const junitFile = optionalText(raw.junitFile)
  const command = optionalText(raw.command)
  const rollbackCommand = optionalText(raw.rollbackCommand)
  if (rollbackCommand && !command)
    throw new UserError(
      'rollback-command is set but command is not.',
      'rollback-command undoes your own injector: set command too, or remove rollback-command.',
      { input: INJECT_INPUTS.rollbackCommand }
    )
  return {
    config: optionalText(raw.config) ?? INJECT_DEFAULTS.config,
    configGiven: optionalText(raw.config) !== undefined,
    ...(command ? { command } : {}),
    ...(rollbackCommand ? { rollbackCommand } : {}),
    durationSeconds: parseNumber(INJECT_INPUTS.durationSeconds, raw.durationSeconds, 0, {
      min: 0,
      max: 86_400
    }),
    maxAttempts: parseNumber(INJECT_INPUTS.maxAttempts, raw.maxAttempts, 1, {
      min: 1,
      max: 20,
      integer: true
    }),
    ...(targetUrl ? { targetUrl } : {}),
    ...(healthPath ? { healthPath } : {}),
    ...(group ? { group } : {}),
    scenarios: (raw.scenario ?? '')
      .split(/[\n,]/)
      .map(name => name.trim())
      .filter(Boolean),
    ...(intensity ? { intensity } : {}),
    ...(environment ? { environment } : {}),
    dryRun,
    ...(seed !== undefined
      ? {
          seed: parseNumber(INJECT_INPUTS.seed, seed, 0, {
            min: 0,
            max: 0xffffffff,
            integer: true
          })
        }
      : {}),
    allowDestructive: parseBoolean(INJECT_INPUTS.allowDestructive, raw.allowDestructive, false),
    allowRemoteTarget,
    rate: parseNumber(INJECT_INPUTS.rate, raw.rate, INJECT_DEFAULTS.rate, { min: 1, max: 100_000 }),
    ...(requests.length ? { requests } : {}),
    requestTimeoutMs:
      parseNumber(
        INJECT_INPUTS.requestTimeoutSeconds,
        raw.requestTimeoutSeconds,
        INJECT_DEFAULTS.requestTimeoutSeconds,
        { min: 0.01, max: 300 }
      ) * 1000,
    baselineMs:
      parseNumber(
        INJECT_INPUTS.baselineSeconds,
        raw.baselineSeconds,
        INJECT_DEFAULTS.baselineSeconds,
        {
          min: 0.5,
          max: 3600
        }
      ) * 1000,
    sliceMs: parseNumber(INJECT_INPUTS.sliceMs, raw.sliceMs, INJECT_DEFAULTS.sliceMs, {
      min: 50,
      max: 10_000,
      integer: true
    }),
    ...(cooldown !== undefined
      ? {
          cooldownMs:
            parseNumber(INJECT_INPUTS.cooldownSeconds, cooldown, 0, { min: 0, max: 3600 }) * 1000
        }
      : {}),
    resultsDir: optionalText(raw.resultsDir) ?? INJECT_DEFAULTS.resultsDir,
    ...(journalDir ? { journalDir } : {}),
    ...(junitFile ? { junitFile } : {}),
    failOnFailure: parseBoolean(INJECT_INPUTS.failOnFailure, raw.failOnFailure, true),
    onNothingRan: parseChoice(
      INJECT_INPUTS.onNothingRan,
      raw.onNothingRan,
      EMPTY_POLICIES,
      'fail',
      'a policy',
      `Set ${INJECT_INPUTS.onNothingRan} to fail (a run in which no fault ran fails the step) or warn.`
    )
  }
}
