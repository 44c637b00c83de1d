/** Words for a validation: the verdict line, the job-summary tables, annotations and JUnit cases. */
import { type JunitContext, type JunitSuite, junitXml } from '../junit.js'
import { escapeMarkdown, markdownTable } from '../markdown.js'
import type { StageStatus } from '../results/status.js'
import { formatValue } from '../slo/metrics.js'
import { failsStep, type ScenarioVerdict, type SloVerdict } from './judge.js'
import type { ValidatePayload } from './payload.js'
import type { PooledVerdict } from './pooled.js'

const ICON: Record<string, string> = {
  pass: '✅ pass',
  warn: '⚠️ warn',
  fail: '❌ fail',
  'insufficient-data': '❔ insufficient data'
}

/** The one-line verdict, from the status validate set. */
export function validateVerdict(payload: ValidatePayload, status: StageStatus): string {
  const s = payload.summary
  const by = Object.entries(s.by_verdict)
    .map(([verdict, n]) => `${n} ${verdict}`)
    .join(', ')
  const parts = [
    `${s.scenarios} scenario(s): ${by}`,
    `${s.slos} SLO check(s): ${s.failed_slos} failed, ${s.warned_slos} warned, ${s.insufficient} without enough data`,
    s.regressions ? `${s.regressions} regression(s) against history` : ''
  ].filter(Boolean)
  const head =
    status.status === 'insufficient-data'
      ? `insufficient data${payload.passed ? ' (on-insufficient-data is warn)' : ''}: ${status.status_reason ?? 'no SLO was evaluated'}`
      : payload.passed
        ? 'passed'
        : 'FAILED'
  return `${head} — ${parts.join('; ')}`
}

/**
 * The pooled row's name: "all scenarios", or "all scenarios except A (own slo)" when some scenarios
 * set this SLO in their own `slo:` and their own rows decide for them.
 */
export function pooledName(slo: Pick<PooledVerdict, 'own_slo'>): string {
  if (slo.own_slo.length === 0) return 'all scenarios'
  return `all scenarios except ${slo.own_slo.join(', ')} (own slo)`
}

function threshold(slo: SloVerdict, which: 'blocking' | 'warning'): string {
  const check = slo[which]
  return check ? `${check.op} ${formatValue(slo.metric, check.threshold)}` : '—'
}

function baselineCell(slo: SloVerdict): string {
  const b = slo.baseline
  if (!b) return slo.baseline_note ? escapeMarkdown(slo.baseline_note) : '—'
  const sign = b.change >= 0 ? '+' : '−'
  const change = `${sign}${formatValue(slo.metric, Math.abs(b.change))}`
  const band = `${formatValue(slo.metric, b.low)} … ${formatValue(slo.metric, b.high)}`
  const flag = b.regression ? ' 📉 **regression**' : b.improvement ? ' improved' : ''
  return `${formatValue(slo.metric, b.median)} (${b.runs} runs), ${change}, band ${band}${flag}`
}

function sloRow(scenario: string, slo: SloVerdict): string[] {
  return [
    escapeMarkdown(scenario),
    escapeMarkdown(slo.label),
    formatValue(slo.metric, slo.value) + (slo.note ? ` (${escapeMarkdown(slo.note)})` : ''),
    threshold(slo, 'blocking'),
    threshold(slo, 'warning'),
    ICON[slo.verdict] ?? slo.verdict,
    baselineCell(slo)
  ]
}

/** The verdicts as plain text, one SLO per line, for a terminal. */
export function validateText(payload: ValidatePayload): string {
  const line = (scenario: string, slo: SloVerdict): string => {
    const b = slo.baseline
    const history = b
      ? `; baseline ${formatValue(slo.metric, b.median)} over ${b.runs} runs, band ${formatValue(slo.metric, b.low)} … ${formatValue(slo.metric, b.high)}${b.regression ? ' REGRESSION' : ''}`
      : ''
    return `  ${slo.verdict.padEnd(17)} ${scenario}: ${slo.label} ${formatValue(slo.metric, slo.value)} (blocking ${threshold(slo, 'blocking')}, warning ${threshold(slo, 'warning')})${slo.note ? ` — ${slo.note}` : ''}${history}`
  }
  const lines = [
    ...payload.scenarios.flatMap(s =>
      s.slos.length
        ? s.slos.map(slo => line(s.name, slo))
        : [`  ${s.verdict.padEnd(17)} ${s.name}${s.reason ? ` — ${s.reason}` : ''}`]
    ),
    ...payload.overall.map(slo => line(pooledName(slo), slo))
  ]
  return lines.join('\n')
}

/** The table of every SLO verdict (scenarios, then the run as a whole), or '' with none. */
export function sloTable(payload: ValidatePayload): string {
  const rows = [
    ...payload.scenarios.flatMap(s => s.slos.map(slo => sloRow(s.name, slo))),
    ...payload.overall.map(slo => sloRow(`(${pooledName(slo)})`, slo))
  ]
  return rows.length
    ? markdownTable(
        [
          'scenario',
          'SLO',
          'value',
          'blocking',
          'warning',
          'verdict',
          'baseline (median, change, band)'
        ],
        rows
      )
    : ''
}

/** The job summary: the verdict, a table of every SLO, the scenarios that were not judged. */
export function validateMarkdown(payload: ValidatePayload, status: StageStatus): string {
  const unjudged = payload.scenarios.filter(s => s.slos.length === 0)
  const sections = [
    `## chaos-ci validate: ${status.status === 'insufficient-data' ? '❔ insufficient data' : payload.passed ? '✅ passed' : '❌ failed'}`,
    escapeMarkdown(validateVerdict(payload, status)),
    status.status === 'insufficient-data'
      ? `> [!WARNING]\n> No SLO could be evaluated, so this run says nothing about resilience and is not a pass${payload.passed ? ' (on-insufficient-data is warn, so the step passes)' : ''}. Make the scenarios run (see the inject summary's why column), give them enough traffic for min-samples, or set \`on-insufficient-data: warn\` to accept it.`
      : '',
    `SLO sources, general first: ${payload.sources.layers.map(escapeMarkdown).join(' → ') || 'none'}.`,
    sloTable(payload),
    unjudged.length
      ? `Not judged (their fault did not run cleanly, so they count as no pass):\n\n${markdownTable(
          ['scenario', 'status', 'why', 'fails the step'],
          unjudged.map(s => [
            escapeMarkdown(s.name),
            s.verdict,
            escapeMarkdown(s.reason ?? ''),
            failsStep(s.verdict, payload.policy.invalid) ? 'yes' : 'no'
          ])
        )}`
      : '',
    payload.history.note ? `_${escapeMarkdown(payload.history.note)}_` : ''
  ]
  return sections.filter(Boolean).join('\n\n') + '\n'
}

/** An annotation: where the threshold was written, when it came from a file. */
export interface Annotation {
  level: 'error' | 'warning'
  message: string
  file?: string
  line?: number
}

function locate(source: string | undefined): { file?: string; line?: number } {
  const match = source ? /^(.*):(\d+)$/.exec(source) : null
  if (!match || match[1] === 'input slos') return {}
  return { file: match[1]!, line: Number(match[2]) }
}

function sloMessage(scenario: string, slo: SloVerdict): string {
  const check = slo.verdict === 'fail' ? slo.blocking : slo.warning
  const value = formatValue(slo.metric, slo.value)
  return `${scenario}: ${slo.label} ${value}${slo.note ? ` (${slo.note})` : ''} crossed the ${slo.verdict === 'fail' ? 'blocking' : 'warning'} threshold ${check ? `${check.op} ${formatValue(slo.metric, check.threshold)} (${check.text})` : ''}`
}

/** Error annotations for failures, warnings for warnings and regressions. */
export function validateAnnotations(payload: ValidatePayload): Annotation[] {
  const out: Annotation[] = []
  const each = (scenario: string, slo: SloVerdict): void => {
    if (slo.verdict === 'fail' || slo.verdict === 'warn') {
      const check = slo.verdict === 'fail' ? slo.blocking : slo.warning
      out.push({
        level: slo.verdict === 'fail' ? 'error' : 'warning',
        message: sloMessage(scenario, slo),
        ...locate(check?.source)
      })
    }
    if (slo.baseline?.regression)
      out.push({
        level: payload.policy.fail_on_regression ? 'error' : 'warning',
        message: `${scenario}: ${slo.label} regressed: ${formatValue(slo.metric, slo.value)} against a median of ${formatValue(slo.metric, slo.baseline.median)} over ${slo.baseline.runs} runs (band ${formatValue(slo.metric, slo.baseline.low)} … ${formatValue(slo.metric, slo.baseline.high)})`
      })
  }
  for (const scenario of payload.scenarios) {
    for (const slo of scenario.slos) each(scenario.name, slo)
    if (
      scenario.slos.length === 0 &&
      scenario.verdict !== 'skipped' &&
      scenario.verdict !== 'not-supported'
    )
      out.push({
        level: failsStep(scenario.verdict, payload.policy.invalid) ? 'error' : 'warning',
        message: `${scenario.name}: ${scenario.verdict}${scenario.reason ? ` — ${scenario.reason}` : ''}`
      })
  }
  for (const slo of payload.overall) each(pooledName(slo), slo)
  return out
}

/** Why an SLO that did not fail is still no plain pass: it warned, or regressed against history. */
function warned(slo: SloVerdict): string | null {
  if (slo.verdict === 'warn') return 'warned (crossed the warning threshold)'
  if (slo.baseline?.regression) return 'warned (regressed against history)'
  return null
}

/**
 * One SLO as a case. A warning is no pass: it is a skipped case whose message starts "warned", which
 * reporters show apart from passes (Ant's schema has no other state), with a suite property saying so.
 */
function sloCase(suite: string, slo: SloVerdict): JunitSuite['cases'][number] {
  const base = { name: slo.label, classname: `chaos-ci.validate.${suite}`, time: 0 }
  const detail = `value ${formatValue(slo.metric, slo.value)}; blocking ${threshold(slo, 'blocking')}; warning ${threshold(slo, 'warning')}${slo.note ? `; ${slo.note}` : ''}`
  if (slo.verdict === 'fail') return { ...base, failure: { type: 'slo-blocking', message: detail } }
  if (slo.verdict === 'insufficient-data')
    return { ...base, skipped: `insufficient data: ${detail}` }
  const warning = warned(slo)
  if (warning) return { ...base, skipped: `${warning}: ${detail}`, output: `${warning}: ${detail}` }
  return { ...base, output: `${slo.verdict}: ${detail}` }
}

/** The suite's properties: how many warned, and each case's verdict, for tools that show them. */
function verdicts(slos: readonly SloVerdict[]): Array<[string, string]> {
  return [
    ['warned', String(slos.filter(warned).length)],
    ...slos.map((slo): [string, string] => [
      `verdict: ${slo.label}`,
      warned(slo) ? 'warn' : slo.verdict
    ])
  ]
}

function scenarioCases(scenario: ScenarioVerdict, policy: ValidatePayload['policy']): JunitSuite {
  if (scenario.slos.length > 0)
    return {
      name: scenario.name,
      cases: scenario.slos.map(slo => sloCase(scenario.name, slo)),
      properties: verdicts(scenario.slos)
    }
  const base = { name: 'scenario', classname: `chaos-ci.validate.${scenario.name}`, time: 0 }
  const message = `${scenario.verdict}${scenario.reason ? `: ${scenario.reason}` : ''}`
  return {
    name: scenario.name,
    cases: [
      scenario.verdict === 'error'
        ? { ...base, error: { type: scenario.verdict, message } }
        : failsStep(scenario.verdict, policy.invalid)
          ? { ...base, failure: { type: scenario.verdict, message } }
          : { ...base, skipped: message }
    ],
    properties: [
      ['warned', '0'],
      ['verdict: scenario', scenario.verdict]
    ]
  }
}

/**
 * JUnit XML: one suite per scenario, one case per SLO; the run as a whole last. `context` is when
 * and where validate ran (Ant's timestamp and hostname); the real one by default.
 */
export function validateJunit(payload: ValidatePayload, context?: JunitContext): string {
  const suites = payload.scenarios.map(s => scenarioCases(s, payload.policy))
  if (payload.overall.length)
    suites.push({
      name: 'all scenarios',
      cases: payload.overall.map(slo => sloCase('all', slo)),
      properties: verdicts(payload.overall)
    })
  return junitXml(suites, context)
}
