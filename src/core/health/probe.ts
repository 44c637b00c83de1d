/** One health probe: a GET judged against the expected status and body condition. */
import { type BodyCondition, bodyMismatch } from './body.js'
import { HttpFailure, type HttpGet } from './http-get.js'
import { type StatusMatcher, statusMatches } from './status.js'

/** The outcome kinds, so reports and rules can tell a refused port from a wrong body. */
export type ProbeKind = 'ok' | 'status' | 'body' | 'timeout' | 'refused' | 'network'

export interface ProbeResult {
  kind: ProbeKind
  /** The HTTP status, when a response arrived. */
  status?: number
  /** Why the probe failed, in words; absent when it passed. */
  error?: string
  durationMs: number
}

export interface ProbeExpectation {
  expectedStatus: StatusMatcher
  body?: BodyCondition
}

/** Judges a response against the expectation (pure). */
export function judgeResponse(
  expect: ProbeExpectation,
  status: number,
  body: string
): Omit<ProbeResult, 'durationMs'> {
  if (!statusMatches(expect.expectedStatus, status)) {
    return {
      kind: 'status',
      status,
      error: `HTTP ${status} (expected ${expect.expectedStatus.text})`
    }
  }
  const mismatch = expect.body ? bodyMismatch(expect.body, body) : null
  return mismatch ? { kind: 'body', status, error: mismatch } : { kind: 'ok', status }
}

/** Sends one probe and judges it; never throws for network failures. */
export async function probe(
  get: HttpGet,
  url: URL,
  timeoutMs: number,
  expect: ProbeExpectation,
  now: () => number
): Promise<ProbeResult> {
  const started = now()
  try {
    const response = await get(url, timeoutMs)
    return { ...judgeResponse(expect, response.status, response.body), durationMs: now() - started }
  } catch (error) {
    const kind = error instanceof HttpFailure ? error.kind : 'network'
    return {
      kind,
      error: error instanceof Error ? error.message : String(error),
      durationMs: now() - started
    }
  }
}
