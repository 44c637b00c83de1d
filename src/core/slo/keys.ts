/**
 * The keys an SLO map may hold, and how each becomes a check:
 * - the seed's keys (`min_availability_percent: 92`) and a few of chaos-ci's (`max_p95_ms: 300`) take
 *   a number;
 * - k6's metric names (`http_req_duration: ['p(95)<500']`, `http_req_failed: ['rate<0.01']`) and the
 *   metric ids themselves (`recovery_time: ['<20']`) take threshold expressions, one or a list.
 */
import { DISTRIBUTIONS, type MetricId, type Stat } from './metrics.js'

export type Op = '<' | '<=' | '>' | '>=' | '==' | '!='

/** One check on one metric: passes when `value op threshold` holds. */
export interface Check {
  metric: MetricId
  stat: Stat
  op: Op
  threshold: number
  /** As the user wrote it, e.g. `p(95)<500` or `min_availability_percent: 92`. */
  text: string
  /** Where it was written: `deploy/chaos_scenarios.yml:14` or `input slos:3`. */
  source: string
}

/** Number-valued keys: the seed's and chaos-ci's. */
export const NUMBER_KEYS: Readonly<Record<string, { metric: MetricId; stat: Stat; op: Op }>> = {
  mttr_seconds: { metric: 'mttr', stat: null, op: '<=' },
  max_error_rate_percent: { metric: 'error_rate', stat: null, op: '<=' },
  min_availability_percent: { metric: 'availability', stat: null, op: '>=' },
  max_latency_degradation_ms: { metric: 'degradation', stat: 'p95', op: '<=' },
  max_recovery_time_seconds: { metric: 'recovery_time', stat: null, op: '<=' },
  max_p50_ms: { metric: 'latency', stat: 'p50', op: '<=' },
  max_p95_ms: { metric: 'latency', stat: 'p95', op: '<=' },
  max_p99_ms: { metric: 'latency', stat: 'p99', op: '<=' },
  min_throughput_rps: { metric: 'throughput', stat: null, op: '>=' }
}

interface ExpressionKey {
  metric: MetricId
  /** The aggregation k6 requires for a rate metric; absent: the metric's own statistics. */
  rate?: true
  /** k6 rates are fractions; chaos-ci's percentages are × 100. */
  scale: number
}

/** Keys that take threshold expressions: k6's names, then chaos-ci's metric ids. */
export const EXPRESSION_KEYS: Readonly<Record<string, ExpressionKey>> = {
  http_req_duration: { metric: 'latency', scale: 1 },
  http_req_failed: { metric: 'error_rate', rate: true, scale: 100 },
  checks: { metric: 'availability', rate: true, scale: 100 },
  http_reqs: { metric: 'throughput', rate: true, scale: 1 },
  availability: { metric: 'availability', scale: 1 },
  error_rate: { metric: 'error_rate', scale: 1 },
  latency: { metric: 'latency', scale: 1 },
  degradation: { metric: 'degradation', scale: 1 },
  recovery_time: { metric: 'recovery_time', scale: 1 },
  throughput: { metric: 'throughput', scale: 1 },
  mttr: { metric: 'mttr', scale: 1 }
}

export const SLO_KEYS: readonly string[] = [
  ...Object.keys(NUMBER_KEYS),
  ...Object.keys(EXPRESSION_KEYS)
]

const EXPRESSION =
  /^\s*(?:(p\(\s*(\d+(?:\.\d+)?)\s*\)|avg|med|min|max|rate|value)\s*)?(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)\s*$/i

/** A problem with one expression, for the caller to locate. */
export interface ExpressionProblem {
  message: string
  fix: string
}

function statOf(
  key: string,
  spec: ExpressionKey,
  aggregation: string | undefined,
  percentile: string | undefined
): Stat | ExpressionProblem {
  const agg = aggregation?.toLowerCase()
  if (spec.rate) {
    if (agg === 'rate') return null
    return {
      message: `${key} takes a rate (a fraction from 0 to 1), as in k6.`,
      fix: `Write it as 'rate<0.01' (or rate>, rate<=, …).`
    }
  }
  if (DISTRIBUTIONS.has(spec.metric)) {
    if (percentile !== undefined) {
      const n = Number(percentile)
      if (!(n > 0 && n <= 100))
        return {
          message: `p(${percentile}) is not a percentile.`,
          fix: 'Use p(N) with N from 0 to 100, e.g. p(95).'
        }
      return `p${n}`
    }
    if (agg === 'med') return 'p50'
    if (agg === 'avg') return 'mean'
    if (agg === 'min' || agg === 'max') return agg
    return {
      message: `${key} needs a statistic: p(N), med, avg, min or max.`,
      fix: `Write it as in k6, e.g. 'p(95)<500'.`
    }
  }
  if (agg === undefined || agg === 'value') return null
  return {
    message: `${key} is one number per scenario; '${aggregation}' does not apply.`,
    fix: `Write only the comparison, e.g. '<20' (or 'value<20').`
  }
}

/** Parses one threshold expression under `key` (see {@link EXPRESSION_KEYS}). */
export function parseExpression(
  key: string,
  text: string,
  source: string
): Check | ExpressionProblem {
  const spec = EXPRESSION_KEYS[key]!
  const match = EXPRESSION.exec(text)
  if (!match)
    return {
      message: `'${text}' is not a threshold expression.`,
      fix: `Write '<statistic> <operator> <number>' as in k6, e.g. 'p(95)<500' or 'rate<0.01'; operators: < <= > >= == !=.`
    }
  const [, aggregation, percentile, rawOp, number] = match
  const stat = statOf(key, spec, percentile !== undefined ? 'p' : aggregation, percentile)
  if (stat !== null && typeof stat === 'object') return stat
  const op = (rawOp === '===' ? '==' : rawOp) as Op
  return {
    metric: spec.metric,
    stat,
    op,
    threshold: Number(number) * spec.scale,
    text: `${key}: ${text.trim()}`,
    source
  }
}

/** Whether `value op threshold` holds. */
export function holds(value: number, op: Op, threshold: number): boolean {
  switch (op) {
    case '<':
      return value < threshold
    case '<=':
      return value <= threshold
    case '>':
      return value > threshold
    case '>=':
      return value >= threshold
    case '==':
      return value === threshold
    case '!=':
      return value !== threshold
  }
}
