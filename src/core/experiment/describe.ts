/** Words for an experiment: the plan, a line per scenario result, the verdict and the job summary. */
import { escapeMarkdown, inlineCode, markdownTable } from '../markdown.js'
import type { InjectPayload } from './payload.js'
import {
  injectStatus,
  type PhaseResult,
  type RecoveryResult,
  type ScenarioResult
} from './result.js'

function seconds(value: number): string {
  return `${Math.round(value * 10) / 10} s`
}

/** The plan, one scenario per line, as a dry run prints it. */
export function planText(payload: InjectPayload): string {
  const lines = [
    `plan: ${payload.plan.length} scenario(s) from ${payload.config}, seed ${payload.seed}, about ${seconds(payload.expected_seconds)} in all`
  ]
  payload.plan.forEach((entry, i) => {
    const what =
      entry.status === 'planned'
        ? `${entry.fault}; ${entry.duration_s} s of fault, ~${seconds(entry.expected_seconds)} with baseline and recovery`
        : `${entry.status}: ${entry.reason}`
    lines.push(`  ${i + 1}. ${entry.name} [${entry.type}, ${entry.intensity}] ${what}`)
    const target = entry.target_check
    if (target)
      lines.push(
        `     target: ${target.found === true ? 'found' : target.found === false ? 'NOT FOUND' : 'not checked'}: ${target.detail}`
      )
  })
  return lines.join('\n')
}

/**
 * Which side fell behind the rate in a phase, in words (the generator's own `behind`, never worked
 * out again here); null when neither did, or the file predates the field.
 */
export function behindText(phase: PhaseResult): string | null {
  const service = `${phase.unsent ?? 0} request(s) not sent: the service held every connection the generator could use, so it fell behind the rate (counted apart from its errors, and against its availability)`
  const generator = `the generator fell behind its own schedule (send lag p99 ${phase.send_lag_ms.p99} ms), so the latencies include its delay`
  switch (phase.behind) {
    case 'service':
      return service
    case 'generator':
      return generator
    case 'both':
      return `${service}; and ${generator}`
    default:
      return null
  }
}

/** "inject: …" for each phase in which a side fell behind. */
function behindLines(result: ScenarioResult): string[] {
  return (['baseline', 'inject', 'recovery'] as const).flatMap(name => {
    const phase = result.phases[name]
    const text = phase ? behindText(phase) : null
    return text ? [`${name}: ${text}`] : []
  })
}

function latency(phase: PhaseResult | undefined): string {
  return phase ? `p50 ${phase.p50} ms, p99 ${phase.p99} ms` : '—'
}

/** Recovery in words: the time to recover, the outage and the recovery after the rollback. */
export function recoveryText(recovery: RecoveryResult): string {
  if (recovery.deviated === false) return 'never left steady state (no recovery to measure)'
  if (recovery.time_ms === null)
    return `not recovered${recovery.outage_ms != null ? ` (first outage ${seconds(recovery.outage_ms / 1000)})` : ''}`
  const outage = recovery.outage_ms != null ? `, outage ${seconds(recovery.outage_ms / 1000)}` : ''
  const after =
    recovery.after_rollback_ms != null
      ? `, ${seconds(recovery.after_rollback_ms / 1000)} after rollback`
      : ''
  return `recovered in ${seconds(recovery.time_ms / 1000)}${outage}${after}`
}

/** The recovery column: the time to recover, or why there is none. */
function recoveryCell(recovery: RecoveryResult | null): string {
  if (!recovery) return '—'
  if (recovery.deviated === false) return 'steady throughout'
  return recovery.time_ms === null ? 'not recovered' : seconds(recovery.time_ms / 1000)
}

/** One or two lines per scenario after it ran. */
export function resultText(result: ScenarioResult): string {
  const head = `${result.name}: ${result.status}${result.reason ? ` — ${result.reason}` : ''}`
  const inject = result.phases.inject
  if (!inject) return head
  const recovery = result.recovery ? `${recoveryText(result.recovery)}` : ''
  const behind = behindLines(result).map(line => `\n   traffic, ${line}`)
  return `${head}\n   baseline ${latency(result.phases.baseline)}; under fault ${latency(inject)}, ${inject.error_rate_percent ?? 0}% errors; ${recovery}${behind.join('')}`
}

/** The one-line verdict. */
export function injectVerdict(payload: InjectPayload): string {
  const s = payload.summary
  const by = s.by_status
  const parts = [
    `${by.passed} passed`,
    by.failed ? `${by.failed} failed` : '',
    by.aborted ? `${by.aborted} aborted` : '',
    by.invalid ? `${by.invalid} invalid` : '',
    by['steady-state-not-met'] ? `${by['steady-state-not-met']} steady-state-not-met` : '',
    by.error ? `${by.error} error` : '',
    by.interrupted ? `${by.interrupted} interrupted` : '',
    by['not-supported'] ? `${by['not-supported']} not supported` : '',
    by.skipped ? `${by.skipped} skipped` : ''
  ].filter(Boolean)
  const steady = s.never_deviated
    ? `, ${s.never_deviated} never left steady state (nothing to recover)`
    : ''
  const mttr =
    s.mttr_seconds === null
      ? s.never_deviated
        ? `; no MTTR: no recovery measured${steady}`
        : ''
      : `; MTTR ${s.mttr_seconds} s over ${s.recoveries_measured} measured recoveries${steady}`
  const counts = `${s.scenarios} scenario(s): ${parts.join(', ')}${mttr} (seed ${payload.seed})`
  const status = injectStatus(payload)
  return status.status === 'nothing-ran' ? `nothing ran: ${status.status_reason ?? counts}` : counts
}

const ICON: Record<string, string> = {
  passed: '✅',
  failed: '❌',
  aborted: '🛑',
  invalid: '⚠️',
  'steady-state-not-met': '❌',
  error: '❌',
  interrupted: '⏹️',
  'not-supported': '➖',
  skipped: '➖'
}

function targetCell(entry: InjectPayload['plan'][number]): string {
  const target = entry.target_check
  if (!target) return '—'
  const mark = target.found === true ? '✅' : target.found === false ? '❌ not found:' : '❔'
  return `${mark} ${escapeMarkdown(target.detail)}`
}

/** The job summary: the verdict and one row per scenario. */
export function injectMarkdown(payload: InjectPayload): string {
  if (payload.dry_run) {
    const rows = payload.plan.map((entry, i) => [
      String(i + 1),
      escapeMarkdown(entry.name),
      inlineCode(entry.type),
      entry.status,
      escapeMarkdown(entry.status === 'planned' ? entry.fault : (entry.reason ?? '')),
      entry.status === 'planned' ? seconds(entry.expected_seconds) : '—',
      targetCell(entry)
    ])
    return `### chaos-ci inject: plan (dry run)\n\n${payload.plan.length} scenario(s), about ${seconds(payload.expected_seconds)}, seed ${inlineCode(String(payload.seed))}. Nothing was touched.\n\n${markdownTable(['#', 'scenario', 'type', 'status', 'fault', 'expected', 'target'], rows)}\n`
  }
  const rows = payload.scenarios.map(result => {
    const b = result.phases.baseline
    const i = result.phases.inject
    return [
      `${ICON[result.status] ?? ''} ${result.status}`,
      escapeMarkdown(result.name),
      escapeMarkdown(result.fault),
      b ? `${b.p50} / ${b.p99}` : '—',
      i ? `${i.p50} / ${i.p99}` : '—',
      i ? `${i.error_rate_percent ?? 0}%` : '—',
      recoveryCell(result.recovery),
      escapeMarkdown(result.reason ?? result.efficacy?.detail ?? '')
    ]
  })
  const empty = injectStatus(payload).status === 'nothing-ran'
  const behind = payload.scenarios.flatMap(result =>
    behindLines(result).map(line => `> - ${escapeMarkdown(result.name)}, ${escapeMarkdown(line)}`)
  )
  const traffic = behind.length
    ? `\n\n> [!NOTE]\n> The traffic did not keep its rate (the results' \`unsent\` and \`behind\`, docs/results-schema.md):\n${behind.join('\n')}`
    : ''
  const nothing = empty
    ? '\n\n> [!WARNING]\n> No fault was injected, so nothing about resilience was tested: this run is not a pass. Make the skipped scenarios runnable (the why column says what each needs), select other scenarios, or set `on-nothing-ran: warn` to accept it.'
    : ''
  return `### chaos-ci inject${empty ? ': ⚠️ nothing ran' : ''}\n\n${escapeMarkdown(injectVerdict(payload))}${nothing}\n\n${markdownTable(
    [
      'status',
      'scenario',
      'fault',
      'baseline p50 / p99 (ms)',
      'under fault p50 / p99 (ms)',
      'errors under fault',
      'recovery',
      'why'
    ],
    rows
  )}${traffic}\n`
}
