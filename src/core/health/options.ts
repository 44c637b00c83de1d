/**
 * Health-check settings from raw strings: the one parser behind the `health` action's inputs and the
 * `chaos-ci health` options, which share these kebab-case names.
 */
import { DEFAULT_FACTOR, DEFAULT_JITTER } from '../backoff.js'
import { UserError } from '../errors.js'
import { parseLines, parseNumber } from '../settings/parse.js'
import { parseBodyCondition } from './body.js'
import { parseStatusMatcher } from './status.js'
import type { HealthOptions } from './wait.js'

/** Input (and CLI option) names. */
export const HEALTH_INPUTS = {
  url: 'url',
  expectedStatus: 'expected-status',
  body: 'body',
  requiredSuccesses: 'required-successes',
  timeoutSeconds: 'timeout-seconds',
  intervalSeconds: 'interval-seconds',
  maxIntervalSeconds: 'max-interval-seconds',
  requestTimeoutSeconds: 'request-timeout-seconds'
} as const

export type HealthInputKey = keyof typeof HEALTH_INPUTS
/** The raw values, as typed by the user; undefined or '' means "use the default". */
export type RawHealthOptions = Partial<Record<HealthInputKey, string>>

/** Defaults, shared with action.yml (a test keeps them equal). */
export const HEALTH_DEFAULTS = {
  expectedStatus: '200-299',
  requiredSuccesses: 3,
  timeoutSeconds: 60,
  intervalSeconds: 1,
  maxIntervalSeconds: 10,
  requestTimeoutSeconds: 5
} as const

/** Parses one URL line: absolute http(s) only. */
export function parseHealthUrl(raw: string): URL {
  let url: URL | undefined
  try {
    url = new URL(raw)
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UserError(
      `'${raw}' is not an absolute http(s) URL.`,
      `Write each URL in full on its own line, e.g. http://localhost:8000/api/health.`,
      { input: HEALTH_INPUTS.url }
    )
  }
  return url
}

/** Validates every value (and the rules between them) before anything is sent. */
export function parseHealthOptions(raw: RawHealthOptions): HealthOptions {
  const lines = parseLines(raw.url)
  if (lines.length === 0) {
    throw new UserError(
      'no URL was given.',
      'Set url to the health endpoint, e.g. http://localhost:8000/api/health (one URL per line).',
      {
        input: HEALTH_INPUTS.url
      }
    )
  }
  const seconds = (key: HealthInputKey, fallback: number, min: number, max: number): number =>
    parseNumber(HEALTH_INPUTS[key], raw[key], fallback, { min, max })
  const intervalS = seconds('intervalSeconds', HEALTH_DEFAULTS.intervalSeconds, 0.01, 3600)
  const maxIntervalS = seconds(
    'maxIntervalSeconds',
    Math.max(HEALTH_DEFAULTS.maxIntervalSeconds, intervalS),
    0.01,
    3600
  )
  if (maxIntervalS < intervalS) {
    throw new UserError(
      `max-interval-seconds (${maxIntervalS}) is less than interval-seconds (${intervalS}).`,
      'Raise max-interval-seconds to at least interval-seconds.',
      { input: HEALTH_INPUTS.maxIntervalSeconds }
    )
  }
  const body = raw.body?.trim()
  return {
    urls: lines.map(parseHealthUrl),
    expectedStatus: parseStatusMatcher(
      HEALTH_INPUTS.expectedStatus,
      raw.expectedStatus?.trim() || HEALTH_DEFAULTS.expectedStatus
    ),
    ...(body ? { body: parseBodyCondition(HEALTH_INPUTS.body, body) } : {}),
    requiredSuccesses: parseNumber(
      HEALTH_INPUTS.requiredSuccesses,
      raw.requiredSuccesses,
      HEALTH_DEFAULTS.requiredSuccesses,
      {
        min: 1,
        max: 1000,
        integer: true
      }
    ),
    timeoutMs: seconds('timeoutSeconds', HEALTH_DEFAULTS.timeoutSeconds, 0, 86400) * 1000,
    requestTimeoutMs:
      seconds('requestTimeoutSeconds', HEALTH_DEFAULTS.requestTimeoutSeconds, 0.01, 600) * 1000,
    backoff: {
      initialMs: intervalS * 1000,
      maxMs: maxIntervalS * 1000,
      factor: DEFAULT_FACTOR,
      jitter: DEFAULT_JITTER
    }
  }
}
