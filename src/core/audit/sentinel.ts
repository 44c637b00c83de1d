/**
 * The sentinel as the action, the CLI and the healer use it: audit; optionally fix (or show the
 * diff a fix would write) and install what was added; then audit again, so the findings reported
 * are those that remain.
 */
import { type AuditResult, runAudit } from './audit.js'
import type { AuditConfig } from './config.js'
import { type DependencyChange, fixMissing } from './fix.js'
import { installAdded } from './install.js'

export interface SentinelOptions {
  fix: boolean
  dryRun: boolean
  install: boolean
  onOutput?: (text: string) => void
}

export interface SentinelOutcome {
  result: AuditResult
  /** The audit before fixing, when a fix was made. */
  before?: AuditResult
  changes: DependencyChange[]
  diff: string
  written: string[]
}

export async function runSentinel(
  cwd: string,
  config: AuditConfig,
  options: SentinelOptions
): Promise<SentinelOutcome> {
  const first = await runAudit(cwd, config)
  if (!options.fix && !options.dryRun) return { result: first, changes: [], diff: '', written: [] }
  const fixed = await fixMissing(cwd, first, options.dryRun || !options.fix)
  let changes = fixed.changes
  if (options.install && !options.dryRun && options.fix) {
    const installed = await installAdded(fixed.changes, {
      cwd,
      pipArgs: config.pipArgs,
      npmArgs: config.npmArgs,
      ...(options.onOutput ? { onOutput: options.onOutput } : {})
    })
    changes = [...changes, ...installed]
  }
  const result = fixed.written.length > 0 ? await runAudit(cwd, config) : first
  return { result, before: first, changes, diff: fixed.diff, written: fixed.written }
}
