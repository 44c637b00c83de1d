/**
 * The report as Markdown for an issue, a job summary or a file: a table for every figure, a Mermaid
 * chart (which GitHub renders) beside the tables that have one, and all outside text escaped.
 */
import { escapeMarkdown, inlineCode, markdownTable } from '../markdown.js'
import type { ReportData } from './data.js'
import type { Executive } from './queries.js'

/** The hidden marker the report issue is found by (with its label and author). */
export const REPORT_MARKER = '<!-- chaos-ci:report -->'

function signed(value: number, unit = ''): string {
  const rounded = Math.round(value * 100) / 100
  return `${rounded > 0 ? '+' : rounded < 0 ? '−' : '±'}${Math.abs(rounded)}${unit}`
}

function change(now: number | null, before: number | null, unit = ''): string {
  if (now === null || before === null) return '—'
  return signed(now - before, unit)
}

function executiveTable(now: Executive, before: Executive): string {
  const rate = (e: Executive): string => (e.success_rate === null ? '—' : `${e.success_rate}%`)
  const healing = (e: Executive): string =>
    e.healing.rate === null
      ? '—'
      : `${e.healing.rate}% (${e.healing.healed} of ${e.healing.needed})`
  const mttr = (e: Executive): string =>
    e.mttr_seconds === null ? '—' : `${e.mttr_seconds} s (${e.recoveries} recoveries)`
  return markdownTable(
    ['', 'this window', 'previous window', 'change'],
    [
      ['runs', String(now.runs), String(before.runs), signed(now.runs - before.runs)],
      [
        'success rate',
        rate(now),
        rate(before),
        change(now.success_rate, before.success_rate, ' pt')
      ],
      [
        'runs that tested nothing (no fault ran or no SLO evaluated; not passed)',
        String(now.nothing_ran),
        String(before.nothing_ran),
        signed(now.nothing_ran - before.nothing_ran)
      ],
      [
        'flaky passes',
        String(now.flaky_passes),
        String(before.flaky_passes),
        signed(now.flaky_passes - before.flaky_passes)
      ],
      [
        'auto-healing success rate',
        healing(now),
        healing(before),
        change(now.healing.rate, before.healing.rate, ' pt')
      ],
      ['MTTR', mttr(now), mttr(before), change(now.mttr_seconds, before.mttr_seconds, ' s')]
    ]
  )
}

/** A label safe inside a Mermaid quoted string. */
function mermaidLabel(text: string): string {
  return text.replace(/["\n\r`<>]/g, ' ').slice(0, 40)
}

function trend(data: ReportData): string {
  const days = data.daily.filter(day => day.runs > 0)
  const rate = (d: { runs: number; passed: number }): number =>
    Math.round((1000 * d.passed) / d.runs) / 10
  const chart = [
    '```mermaid',
    'xychart-beta',
    '  title "Daily success rate (%)"',
    `  x-axis [${days.map(d => `"${d.day.slice(5)}"`).join(', ')}]`,
    '  y-axis "success rate (%)" 0 --> 100',
    `  bar [${days.map(rate).join(', ')}]`,
    '```'
  ].join('\n')
  const table = markdownTable(
    ['day', 'runs', 'passed', 'success rate'],
    data.daily.map(d => [d.day, String(d.runs), String(d.passed), d.runs ? `${rate(d)}%` : '—'])
  )
  return `${days.length ? `${chart}\n\n` : ''}<details><summary>The same as a table</summary>\n\n${table}\n\n</details>`
}

function failureAnalysis(data: ReportData): string {
  const f = data.failures
  if (f.total === 0)
    return `No failures were recorded (previous window: ${data.previous_failures}).`
  const pie = [
    '```mermaid',
    'pie title Failures by category',
    ...f.by_category.map(c => `  "${mermaidLabel(c.category)}" : ${c.count}`),
    '```'
  ].join('\n')
  const categories = markdownTable(
    ['category', 'failures', 'share'],
    f.by_category.map(c => [
      escapeMarkdown(c.category),
      String(c.count),
      `${Math.round((1000 * c.count) / f.total) / 10}%`
    ])
  )
  const patterns = markdownTable(
    ['pattern', 'times', 'categories'],
    f.patterns.map(p => [
      inlineCode(p.pattern),
      String(p.count),
      p.categories.map(escapeMarkdown).join(', ')
    ])
  )
  return `${f.total} failure(s) (previous window: ${data.previous_failures}, ${signed(f.total - data.previous_failures)}).\n\n${pie}\n\n${categories}\n\nThe most common failure patterns (numbers, ids, paths and quoted names replaced):\n\n${patterns}`
}

function healingTable(data: ReportData): string {
  if (data.healing.length === 0) return 'No step needed healing.'
  return markdownTable(
    ['category', 'strategy', 'steps that failed', 'healed', 'success rate', 'attempts in all'],
    data.healing.map(h => [
      escapeMarkdown(h.category),
      escapeMarkdown(h.strategy ?? '—'),
      String(h.steps),
      String(h.healed),
      `${Math.round((1000 * h.healed) / h.steps) / 10}%`,
      String(h.attempts)
    ])
  )
}

function scenarioTable(data: ReportData): string {
  if (data.scenarios.length === 0) return 'No chaos scenario ran.'
  const before = new Map(data.previous_scenarios.map(s => [s.scenario, s]))
  const ms = (v: number | null): string => (v === null ? '—' : `${v} ms`)
  return markdownTable(
    [
      'scenario',
      'runs',
      'passed',
      'p95 under fault (median)',
      'previous window',
      'newest',
      'error rate (median)',
      'recovery (median)',
      'regressions'
    ],
    data.scenarios.map(s => [
      escapeMarkdown(s.scenario),
      String(s.runs),
      String(s.passed),
      ms(s.p95_ms),
      ms(before.get(s.scenario)?.p95_ms ?? null),
      ms(s.last_p95_ms),
      s.error_rate_percent === null ? '—' : `${s.error_rate_percent}%`,
      s.recovery_seconds === null ? '—' : `${s.recovery_seconds} s`,
      s.regressions ? `**${s.regressions}**` : '0'
    ])
  )
}

function dependencySection(data: ReportData): string {
  const parts: string[] = []
  parts.push(
    data.dependencies.length
      ? markdownTable(
          ['change', 'package', 'ecosystem', 'times', 'why'],
          data.dependencies.map(d => [
            escapeMarkdown(d.action),
            inlineCode(d.name),
            escapeMarkdown(d.ecosystem ?? '—'),
            String(d.changes),
            escapeMarkdown(d.reason ?? '')
          ])
        )
      : 'No dependency was changed.'
  )
  if (data.findings.length)
    parts.push(
      `Audit findings:\n\n${markdownTable(
        ['finding', 'package', 'ecosystem', 'runs'],
        data.findings.map(f => [
          escapeMarkdown(f.rule),
          inlineCode(f.name),
          escapeMarkdown(f.ecosystem),
          String(f.runs)
        ])
      )}`
    )
  return parts.join('\n\n')
}

/** The whole report. */
export function renderReport(data: ReportData): string {
  const span = `${data.window.from.slice(0, 10)} → ${data.window.to.slice(0, 10)}`
  const head = `${REPORT_MARKER}\n# chaos-ci report: ${span}\n\nThe last ${data.lookback_days} day(s), compared with the ${data.lookback_days} before. Generated ${data.generated_at}.`
  if (data.executive.runs === 0 && data.failures.total === 0 && data.scenarios.length === 0)
    return `${head}\n\nNo chaos-ci runs were recorded in this window (${data.window.from} to ${data.window.to}); the previous window had ${data.previous.runs}. Nothing to report.\n`
  const recommendations = data.recommendations.length
    ? data.recommendations.map((r, i) => `${i + 1}. ${r.markdown}`).join('\n')
    : `Nothing in this window calls for action: ${data.executive.runs} run(s), ${data.failures.total} failure(s), no recurring dependency failure, no regression.`
  return (
    [
      head,
      '## Executive summary',
      executiveTable(data.executive, data.previous),
      '## Validation runs trend',
      trend(data),
      '## Failure analysis',
      failureAnalysis(data),
      '## Auto-healing performance',
      healingTable(data),
      '## Resilience per scenario',
      scenarioTable(data),
      '## Dependency changes',
      dependencySection(data),
      '## Recommendations and next steps',
      recommendations
    ].join('\n\n') + '\n'
  )
}
