/** Words for a health report: the one-line verdict and a per-endpoint account of what went wrong. */
import { escapeMarkdown, inlineCode, markdownTable } from '../markdown.js'
import type { EndpointReport, HealthReport } from './wait.js'

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

/** One line per endpoint: its state, last status or error, probes and time spent. */
export function describeEndpoint(endpoint: EndpointReport, required: number): string {
  if (endpoint.healthy)
    return `${endpoint.url}: healthy after ${endpoint.probes} probe(s), ${seconds(endpoint.elapsedMs)}`
  const last =
    endpoint.lastError ??
    (endpoint.lastStatus !== null ? `HTTP ${endpoint.lastStatus}` : 'never probed')
  return `${endpoint.url}: not healthy — last: ${last}; ${endpoint.consecutiveSuccesses}/${required} successes in a row after ${endpoint.probes} probe(s), ${seconds(endpoint.elapsedMs)}`
}

/** The endpoint a report is about: the first still unhealthy, else the last to become healthy. */
export function decidingEndpoint(report: HealthReport): EndpointReport | undefined {
  const down = report.endpoints.find(endpoint => !endpoint.healthy)
  if (down) return down
  return [...report.endpoints].sort((a, b) => b.elapsedMs - a.elapsedMs)[0]
}

/** The live log line for one probe. */
export function describeProbe(endpoint: EndpointReport, round: number): string {
  return `round ${round}: ${endpoint.url} → ${endpoint.lastError ?? `HTTP ${endpoint.lastStatus} ok`}`
}

/** The verdict followed by one indented line per endpoint. */
export function healthText(report: HealthReport, required: number): string {
  return [
    healthVerdict(report),
    ...report.endpoints.map(endpoint => `  ${describeEndpoint(endpoint, required)}`)
  ].join('\n')
}

/** The one-line verdict. */
export function healthVerdict(report: HealthReport): string {
  const count = report.endpoints.length
  const down = report.endpoints.filter(endpoint => !endpoint.healthy).length
  if (report.cancelled)
    return `cancelled: ${down} of ${count} endpoint(s) not yet healthy after ${seconds(report.elapsedMs)} (${report.attempts} round(s))`
  return report.healthy
    ? `healthy: ${count} endpoint(s) in ${seconds(report.elapsedMs)} (${report.attempts} round(s))`
    : `not healthy: ${down} of ${count} endpoint(s) down after ${seconds(report.elapsedMs)} (${report.attempts} round(s))`
}

/** Markdown for a job summary or report. Endpoint URLs and errors are escaped: they come from outside. */
export function healthMarkdown(report: HealthReport, required: number): string {
  const icon = report.healthy ? '✅' : '❌'
  const rows = report.endpoints.map(endpoint => [
    inlineCode(endpoint.url),
    endpoint.healthy ? 'healthy' : 'down',
    endpoint.lastStatus === null ? '—' : String(endpoint.lastStatus),
    endpoint.lastError ? escapeMarkdown(endpoint.lastError) : '—',
    `${endpoint.consecutiveSuccesses}/${required}`,
    String(endpoint.probes),
    `${(endpoint.elapsedMs / 1000).toFixed(1)} s`
  ])
  const table = markdownTable(
    ['endpoint', 'state', 'last status', 'last error', 'in a row', 'probes', 'time'],
    rows
  )
  return `### ${icon} chaos-ci health: ${healthVerdict(report)}\n\n${table}\n`
}
