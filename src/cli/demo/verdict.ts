/**
 * The demo's last screen: every stage, every scenario as measured (p95 before and during the fault,
 * errors, recovery) with validate's verdict, and where the results, the history and the report are.
 * Built from the results files the stages wrote, so it shows what they recorded, nothing else.
 */
import type { InjectPayload } from '../../core/experiment/payload.js'
import type { ResultStatus } from '../../core/results/status.js'
import type { ValidatePayload } from '../../core/validate/payload.js'

export interface DemoOutcome {
  stages: Array<{ name: string; ok: boolean | null }>
  inject?: InjectPayload
  validate?: ValidatePayload
  /** The status validate set in its results file. */
  validateStatus?: ResultStatus
  results: string
  db: string
  /** Demo runs in the history database, this one included. */
  runs: number
  report: string
  restarts: number
  seconds: number
}

const pad = (text: string, width: number): string =>
  text.length >= width ? `${text.slice(0, width - 1)}… ` : text.padEnd(width)

const ms = (value: number | null | undefined): string =>
  value === null || value === undefined ? '–' : `${Math.round(value)}`

export function demoVerdict(outcome: DemoOutcome): string {
  const passed = outcome.stages.every(stage => stage.ok !== false)
  const title = ` chaos-ci demo: ${passed ? 'PASSED' : 'FAILED'} in ${Math.round(outcome.seconds)} s `
  const lines = [`${'─'.repeat(8)}${title}${'─'.repeat(Math.max(8, 92 - title.length))}`]
  lines.push(
    `stages    ${outcome.stages.map(s => `${s.name} ${s.ok === null ? '–' : s.ok ? '✓' : '✗'}`).join('   ')}`
  )
  const verdicts = new Map(outcome.validate?.scenarios.map(s => [s.name, s]) ?? [])
  if (outcome.inject && outcome.inject.scenarios.length > 0) {
    lines.push('')
    lines.push(
      `${pad('scenario', 18)}${pad('fault', 16)}${pad('p95 before → during', 21)}${pad('errors', 9)}${pad('recovery', 10)}SLOs`
    )
    for (const s of outcome.inject.scenarios) {
      const verdict = verdicts.get(s.name)
      const before = s.phases.baseline?.p95
      const during = s.phases.inject?.p95
      const errors = s.phases.inject?.error_rate_percent
      const recovery = s.recovery?.time_ms
      const judged = verdict
        ? `${verdict.verdict}${verdict.slos.length ? ` (${verdict.slos.filter(v => v.verdict === 'pass').length}/${verdict.slos.length} met)` : ''}`
        : s.status
      lines.push(
        `${pad(s.name, 18)}${pad(s.type, 16)}${pad(`${ms(before)} → ${ms(during)} ms`, 21)}${pad(errors === null || errors === undefined ? '–' : `${errors.toFixed(1)}%`, 9)}${pad(s.recovery?.deviated === false ? 'steady' : recovery === null || recovery === undefined ? (s.recovery ? 'never' : '–') : `${(recovery / 1000).toFixed(1)} s`, 10)}${judged}`
      )
      if (s.status !== 'passed' && s.reason) lines.push(`  ${s.reason}`)
    }
    const summary = outcome.validate?.summary
    if (summary)
      lines.push(
        `validate: ${outcome.validateStatus === 'failed' ? 'FAILED' : (outcome.validateStatus ?? 'unknown')} — ${summary.failed_slos} SLO(s) failed, ${summary.warned_slos} warned${outcome.validate!.history.runs ? `, compared with ${outcome.validate!.history.runs} earlier run(s)` : ' (no earlier runs to compare with yet)'}`
      )
    if (outcome.restarts > 0)
      lines.push(`the service was restarted ${outcome.restarts}× by the demo's supervisor`)
  }
  lines.push('')
  lines.push(`results   ${outcome.results}`)
  lines.push(`history   ${outcome.db} (${outcome.runs} demo run(s) recorded)`)
  lines.push(`report    ${outcome.report}`)
  lines.push('─'.repeat(100))
  return lines.join('\n')
}
