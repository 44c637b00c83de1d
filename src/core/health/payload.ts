/** The `health` stage's results-file payload (docs/results-schema.md). */
import { type StageStatus, stageStatus } from '../results/status.js'
import type { HealthOptions, HealthReport } from './wait.js'

export interface HealthPayload {
  healthy: boolean
  cancelled: boolean
  attempts: number
  elapsed_ms: number
  required_successes: number
  expected_status: string
  body_condition: string | null
  timeout_ms: number
  endpoints: Array<{
    url: string
    healthy: boolean
    probes: number
    consecutive_successes: number
    last_kind: string | null
    last_status: number | null
    last_error: string | null
    elapsed_ms: number
  }>
}

/** Plain data for the results file, in its snake_case field names. */
export function healthPayload(options: HealthOptions, report: HealthReport): HealthPayload {
  return {
    healthy: report.healthy,
    cancelled: report.cancelled,
    attempts: report.attempts,
    elapsed_ms: report.elapsedMs,
    required_successes: options.requiredSuccesses,
    expected_status: options.expectedStatus.text,
    body_condition: options.body?.text ?? null,
    timeout_ms: options.timeoutMs,
    endpoints: report.endpoints.map(endpoint => ({
      url: endpoint.url,
      healthy: endpoint.healthy,
      probes: endpoint.probes,
      consecutive_successes: endpoint.consecutiveSuccesses,
      last_kind: endpoint.lastKind,
      last_status: endpoint.lastStatus,
      last_error: endpoint.lastError,
      elapsed_ms: endpoint.elapsedMs
    }))
  }
}

/** health's one status, set in its results file's envelope: every endpoint healthy, or failed (why). */
export function healthStatus(report: HealthReport): StageStatus {
  if (report.healthy) return stageStatus('passed')
  const sick = report.endpoints.filter(endpoint => !endpoint.healthy)
  return stageStatus(
    'failed',
    `${report.cancelled ? 'cancelled; ' : ''}${sick
      .slice(0, 3)
      .map(e => `${e.url}: ${e.lastError ?? `HTTP ${e.lastStatus}`}`)
      .join('; ')}${sick.length > 3 ? '; …' : ''}`
  )
}
