/** Words for an audit: the results payload, a Markdown report, a text summary and annotations. */
import { escapeMarkdown, inlineCode, markdownTable } from '../markdown.js'
import { type StageStatus, stageStatus } from '../results/status.js'
import { type AuditResult, countByRule } from './audit.js'
import type { RuleId } from './config.js'
import type { Finding } from './findings.js'
import type { DependencyChange } from './fix.js'
import type { ImplicitFinding } from './implicit/types.js'

export interface AuditPayload {
  files: AuditResult['files']
  manifests: Array<{ file: string; kind: string; declared: number }>
  imports: number
  python_versions: string[]
  counts: Record<RuleId, number>
  findings: Finding[]
  /** Declared packages used without an import, with the evidence: why they are not `unused`. */
  used_implicitly: ImplicitFinding[]
  /** Freeze files' pins that nothing imports: one group per file, not unused findings. */
  frozen_pins: AuditResult['frozen']
  ignored: number
  warnings: AuditResult['warnings']
  notes: string[]
  dependency_changes: DependencyChange[]
  duration_ms: number
}

export function auditPayload(
  result: AuditResult,
  changes: DependencyChange[],
  durationMs: number
): AuditPayload {
  return {
    files: result.files,
    manifests: result.manifests.map(m => ({
      file: m.file,
      kind: m.kind,
      declared: m.declared.length
    })),
    imports: result.imports,
    python_versions: result.pythonVersions,
    counts: countByRule(result.findings),
    findings: result.findings,
    used_implicitly: result.implicit,
    frozen_pins: result.frozen,
    ignored: result.ignored,
    warnings: result.warnings,
    notes: result.notes,
    dependency_changes: changes,
    duration_ms: durationMs
  }
}

/** The one-line verdict. */
export function auditVerdict(result: AuditResult): string {
  const counts = countByRule(result.findings)
  const parts = (Object.entries(counts) as Array<[RuleId, number]>)
    .filter(([, n]) => n > 0)
    .map(([rule, n]) => `${n} ${rule}`)
  const scope = `${result.files.python + result.files.node} files, ${result.imports} imports, ${result.manifests.length} manifest(s)`
  return parts.length ? `${parts.join(', ')} (${scope})` : `no findings (${scope})`
}

/** A plain-text list for terminals. */
export function auditText(result: AuditResult): string {
  const lines = result.findings.map(f => `${f.file}:${f.line}: ${f.rule}: ${f.message}`)
  lines.push(...implicitText(result.implicit))
  for (const group of result.frozen)
    lines.push(
      `frozen pins in ${group.file} that nothing imports (${group.pins.length}, not reported unused): ${group.pins.map(p => p.name).join(', ')}`
    )
  for (const note of result.notes) lines.push(`note: ${note}`)
  for (const warning of result.warnings) lines.push(`${warning.file}: warning: ${warning.message}`)
  return [...lines, `chaos-ci audit: ${auditVerdict(result)}`].join('\n')
}

const byProject = (implicit: readonly ImplicitFinding[]): Map<string, ImplicitFinding[]> => {
  const groups = new Map<string, ImplicitFinding[]>()
  for (const use of implicit) groups.set(use.project, [...(groups.get(use.project) ?? []), use])
  return groups
}

/** The used-implicitly block of the text output, by project: each package with where and what was seen. */
function implicitText(implicit: readonly ImplicitFinding[]): string[] {
  const lines: string[] = []
  for (const [project, uses] of byProject(implicit)) {
    lines.push(
      `used implicitly in ${project === '.' ? 'the project at .' : project} (not reported unused):`
    )
    for (const use of uses)
      lines.push(
        `  ${use.name} (${use.declaredIn.file}:${use.declaredIn.line}): ${use.file}:${use.line}: ${use.kind}: ${use.evidence}`
      )
  }
  return lines
}

/** The used-implicitly section of the Markdown report, folded: a table per project. */
function implicitMarkdown(implicit: readonly ImplicitFinding[]): string[] {
  if (implicit.length === 0) return []
  const sections = [
    `<details><summary>${implicit.length} package(s) used without an import (not reported unused)</summary>`,
    ''
  ]
  for (const [project, uses] of byProject(implicit))
    sections.push(
      `**${escapeMarkdown(project)}**`,
      '',
      markdownTable(
        ['name', 'declared', 'used at', 'kind', 'evidence'],
        uses.map(u => [
          inlineCode(u.name),
          `${inlineCode(u.declaredIn.file)}:${u.declaredIn.line}`,
          `${inlineCode(u.file)}:${u.line}`,
          u.kind,
          escapeMarkdown(u.evidence)
        ])
      ),
      ''
    )
  sections.push('</details>', '')
  return sections
}

/** The Markdown report (job summary and report file). File names and messages are escaped. */
export function auditMarkdown(
  result: AuditResult,
  changes: DependencyChange[],
  dryRunDiff = ''
): string {
  const icon = result.findings.some(f => f.rule === 'missing')
    ? '❌'
    : result.findings.length
      ? '⚠️'
      : '✅'
  const rows = result.findings.map(f => [
    f.rule,
    f.ecosystem,
    inlineCode(f.name),
    `${inlineCode(f.file)}:${f.line}`,
    escapeMarkdown(f.message)
  ])
  const sections = [`### ${icon} chaos-ci audit: ${escapeMarkdown(auditVerdict(result))}`, '']
  if (rows.length)
    sections.push(markdownTable(['rule', 'ecosystem', 'name', 'where', 'finding'], rows), '')
  if (changes.length) {
    sections.push(
      '**Dependency changes**',
      '',
      markdownTable(
        ['action', 'name', 'file', 'confidence', 'why'],
        changes.map(c => [
          c.action,
          inlineCode(c.name),
          inlineCode(c.file),
          c.confidence,
          escapeMarkdown(c.reason)
        ])
      ),
      ''
    )
  }
  if (dryRunDiff)
    sections.push(
      '<details><summary>Diff that fix would write (dry run)</summary>',
      '',
      '```diff',
      dryRunDiff.replace(/```/g, '`​``'),
      '```',
      '',
      '</details>',
      ''
    )
  sections.push(...implicitMarkdown(result.implicit))
  for (const group of result.frozen)
    sections.push(
      `<details><summary>${group.pins.length} pin(s) of ${inlineCode(group.file)} that nothing imports (a ${group.kind === 'compiled' ? 'compiled file' : 'freeze'}; not reported unused)</summary>`,
      '',
      group.pins.map(p => inlineCode(p.name)).join(', '),
      '',
      '</details>',
      ''
    )
  for (const note of result.notes) sections.push(`> ${escapeMarkdown(note)}`, '')
  if (result.warnings.length)
    sections.push(
      `${result.warnings.length} file(s) may not be valid source; what could be read was used.`,
      ''
    )
  return sections.join('\n')
}

/**
 * audit's one status, set in its results file's envelope: a finding of a `fail-on` rule fails it,
 * any other finding warns, none passes.
 */
export function auditStatus(findings: readonly Finding[], failOn: readonly RuleId[]): StageStatus {
  const failing = findings.filter(f => failOn.includes(f.rule))
  const rules = (list: readonly Finding[]): string =>
    Object.entries(countByRule(list))
      .filter(([, n]) => n > 0)
      .map(([rule, n]) => `${n} ${rule}`)
      .join(', ')
  if (failing.length > 0)
    return stageStatus('failed', `${rules(failing)} (fail-on: ${failOn.join(', ')})`)
  return findings.length > 0 ? stageStatus('warned', rules(findings)) : stageStatus('passed')
}
