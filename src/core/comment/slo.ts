/**
 * The comment's SLO table, read from a validate payload that may be a fork's: the same columns as
 * validate's own job summary (validate/describe.ts), but every value re-checked first — a metric
 * from the closed list, numbers finite, operators and verdicts from their sets — since a crafted
 * payload could otherwise put text where a number goes, or crash formatValue with a bogus metric.
 */
import { escapeInert } from '../markdown.js'
import type { Op } from '../slo/keys.js'
import { type MetricId, METRICS } from '../slo/metrics.js'
import { formatValue } from '../slo/metrics.js'
import { pooledName } from '../validate/describe.js'
import { at, cell, count, finite, flag, items, oneOf, shown, UNREADABLE } from './untrusted.js'

export const SLO_HEADER = [
  'scenario',
  'SLO',
  'value',
  'blocking',
  'warning',
  'verdict',
  'baseline (median, change, band)'
]

const METRIC_IDS = Object.keys(METRICS) as MetricId[]
const OPS = ['<', '<=', '>', '>=', '==', '!='] as const satisfies readonly Op[]
const VERDICTS = {
  pass: '✅ pass',
  warn: '⚠️ warn',
  fail: '❌ fail',
  'insufficient-data': '❔ insufficient data'
} as const

type Amount = (value: unknown) => string

function threshold(check: unknown, amount: Amount): string {
  if (check === null || check === undefined) return '—'
  const op = oneOf(at(check, 'op'), OPS)
  return `${op ? escapeInert(op) : UNREADABLE} ${amount(at(check, 'threshold'))}`
}

function baselineCell(slo: unknown, amount: Amount): string {
  const b = at(slo, 'baseline')
  if (b === null || b === undefined) {
    const note = at(slo, 'baseline_note')
    return note ? cell(note) : '—'
  }
  const change = finite(at(b, 'change'))
  const sign = change === null ? '' : change >= 0 ? '+' : '−'
  const mark =
    flag(at(b, 'regression')) === true
      ? ' 📉 **regression**'
      : flag(at(b, 'improvement')) === true
        ? ' improved'
        : ''
  return `${amount(at(b, 'median'))} (${shown(count(at(b, 'runs')))} runs), ${sign}${amount(change === null ? undefined : Math.abs(change))}, band ${amount(at(b, 'low'))} … ${amount(at(b, 'high'))}${mark}`
}

function sloRow(scenario: string, slo: unknown): string[] {
  const metric = oneOf(at(slo, 'metric'), METRIC_IDS)
  const amount: Amount = value => {
    if (value === null) return '—'
    const n = finite(value)
    return n === null ? UNREADABLE : metric ? formatValue(metric, n) : shown(n)
  }
  const note = at(slo, 'note')
  const verdict = oneOf(at(slo, 'verdict'), Object.keys(VERDICTS) as Array<keyof typeof VERDICTS>)
  return [
    scenario,
    cell(at(slo, 'label'), 60),
    amount(at(slo, 'value')) + (note ? ` (${cell(note)})` : ''),
    threshold(at(slo, 'blocking'), amount),
    threshold(at(slo, 'warning'), amount),
    verdict ? VERDICTS[verdict] : 'unknown',
    baselineCell(slo, amount)
  ]
}

/**
 * A pooled row's scenario cell, worded as validate's own summary words it ("all scenarios except A
 * (own slo)") from the `own_slo` names validate wrote: the comment never decides what was pooled.
 */
function pooledCell(slo: unknown): string {
  const own = items(at(slo, 'own_slo')).filter((name): name is string => typeof name === 'string')
  return cell(`(${pooledName({ own_slo: own })})`, 400)
}

/** Every SLO verdict of the payload as table rows: the scenarios', then the run's as a whole. */
export function sloRows(validate: unknown): string[][] {
  return [
    ...items(at(validate, 'scenarios')).flatMap(s =>
      items(at(s, 'slos')).map(slo => sloRow(cell(at(s, 'name'), 100), slo))
    ),
    ...items(at(validate, 'overall')).map(slo => sloRow(pooledCell(slo), slo))
  ]
}
