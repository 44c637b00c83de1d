/** A check report as text (a terminal), Markdown (the report file) or JSON. */
import { escapeMarkdown, markdownTable } from '../markdown.js'
import type { CheckFinding } from './check.js'
import type { CheckReport } from './run.js'

const MARK = { passed: '✓', failed: '✗', skipped: '-' } as const

function where(finding: CheckFinding): string {
  if (!finding.file) return ''
  return `${finding.file}${finding.line ? `:${finding.line}` : ''}${finding.line && finding.column ? `:${finding.column}` : ''}: `
}

export function checkText(report: CheckReport): string {
  const lines: string[] = []
  for (const r of report.results) {
    lines.push(
      `${MARK[r.status]} ${r.name.padEnd(13)} ${r.status.padEnd(7)} ${r.summary} (${r.ms} ms)`
    )
    for (const f of r.findings)
      lines.push(`    ${where(f)}${f.message}${f.fix ? `\n      fix: ${f.fix}` : ''}`)
    for (const fixed of r.fixed) lines.push(`    fixed: ${fixed}`)
  }
  const failed = report.results.filter(r => r.status === 'failed').map(r => r.name)
  lines.push(
    failed.length
      ? `chaos-ci check: ${failed.length} check(s) failed (${failed.join(', ')}) in ${report.ms} ms`
      : `chaos-ci check: all ${report.results.length} check(s) passed or skipped in ${report.ms} ms`
  )
  return lines.join('\n')
}

export function checkMarkdown(report: CheckReport): string {
  const table = markdownTable(
    ['check', 'status', 'what', 'time'],
    report.results.map(r => [
      r.name,
      `${MARK[r.status]} ${r.status}`,
      escapeMarkdown(r.summary),
      `${r.ms} ms`
    ])
  )
  const details = report.results
    .filter(r => r.findings.length || r.fixed.length)
    .map(
      r =>
        `### ${r.name}\n\n${[
          ...r.findings.map(
            f =>
              `- ${escapeMarkdown(where(f) + f.message)}${f.fix ? ` Fix: ${escapeMarkdown(f.fix)}` : ''}`
          ),
          ...r.fixed.map(f => `- fixed: ${escapeMarkdown(f)}`)
        ].join('\n')}`
    )
  return (
    [`## chaos-ci check: ${report.passed ? '✅ passed' : '❌ failed'}`, table, ...details].join(
      '\n\n'
    ) + '\n'
  )
}
