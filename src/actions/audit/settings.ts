/** The `audit` action's inputs, read once and validated, with the audit config file loaded. */
import path from 'node:path'

import { type AuditConfig, loadAuditConfig } from '../../core/audit/config.js'
import { type AuditOptions, parseAuditOptions } from '../../core/audit/options.js'
import { optionalText } from '../../core/settings/parse.js'
import { readInputs } from '../../github/inputs.js'
import { INPUTS } from './names.js'

export interface AuditSettings {
  options: AuditOptions
  config: AuditConfig
  resultsDir: string
  reportFile: string
}

export async function readSettings(): Promise<AuditSettings> {
  return auditSettingsFrom(readInputs(INPUTS))
}

/** The same from raw strings (the root pipeline builds them from its own inputs). */
export async function auditSettingsFrom(
  raw: Partial<Record<keyof typeof INPUTS, string>>
): Promise<AuditSettings> {
  const options = parseAuditOptions(raw)
  const config = await loadAuditConfig(
    options.config && path.resolve(options.workingDirectory, options.config)
  )
  if (options.paths.length > 0) config.paths = options.paths
  const resultsDir = optionalText(raw.resultsDir) ?? 'chaos-results'
  return {
    options,
    config,
    resultsDir,
    reportFile: optionalText(raw.reportFile) ?? path.join(resultsDir, 'audit-report.md')
  }
}
