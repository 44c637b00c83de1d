/**
 * What an SLO can judge: the metrics measured by `inject`, each with its unit and which way is worse.
 * A metric with a statistic (latency p95, degradation p99) is one SLO per statistic.
 */

export const METRICS = {
  availability: {
    label: 'availability',
    unit: '%',
    better: 'higher',
    scope: 'scenario',
    about:
      'successful requests from the start of the fault until recovered (inject + recovery phases)'
  },
  error_rate: {
    label: 'error rate',
    unit: '%',
    better: 'lower',
    scope: 'scenario',
    about: 'failed requests from the start of the fault until recovered (inject + recovery phases)'
  },
  latency: {
    label: 'latency',
    unit: 'ms',
    better: 'lower',
    scope: 'scenario',
    about: 'latency during the fault, from when each request was due'
  },
  degradation: {
    label: 'latency degradation',
    unit: 'ms',
    better: 'lower',
    scope: 'scenario',
    about: 'latency during the fault minus latency in the baseline, at the same percentile'
  },
  recovery_time: {
    label: 'recovery time',
    unit: 's',
    better: 'lower',
    scope: 'scenario',
    about: 'from the end of the fault to the first of the required good slices in a row'
  },
  throughput: {
    label: 'throughput',
    unit: '/s',
    better: 'higher',
    scope: 'scenario',
    about: 'successful requests per second during the fault'
  },
  mttr: {
    label: 'MTTR',
    unit: 's',
    better: 'lower',
    scope: 'run',
    about: 'the mean of the measured recovery times of the run'
  }
} as const

export type MetricId = keyof typeof METRICS

/**
 * A statistic of a distribution metric: `p<N>` (a percentile, N in (0, 100]), `mean`, `min` or `max`;
 * null for a metric that is one number.
 */
export type Stat = string | null

/** Metrics measured as a distribution, which need a statistic. */
export const DISTRIBUTIONS: ReadonlySet<MetricId> = new Set(['latency', 'degradation'])

/** The identity of an SLO: two sources that name the same key set the same SLO. */
export function sloKey(metric: MetricId, stat: Stat): string {
  return stat ? `${metric} ${stat}` : metric
}

/** "latency p95", "availability" */
export function sloLabel(metric: MetricId, stat: Stat): string {
  return stat ? `${METRICS[metric].label} ${stat}` : METRICS[metric].label
}

/** A value with its unit, rounded for people. */
export function formatValue(metric: MetricId, value: number | null): string {
  if (value === null) return '—'
  const unit = METRICS[metric].unit
  const rounded =
    Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(Math.abs(value) >= 10 ? 1 : 2)
  return unit === '%' ? `${rounded}%` : unit === '/s' ? `${rounded}/s` : `${rounded} ${unit}`
}
