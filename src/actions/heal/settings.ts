/** The `heal` action's inputs, read once into typed settings and validated before anything runs. */
import path from 'node:path'

import { type AuditConfig, loadAuditConfig } from '../../core/audit/config.js'
import type { HealOptions } from '../../core/heal/options.js'
import { parseHealOptions } from '../../core/heal/options.js'
import { BUILTIN_RULES, type Rule } from '../../core/heal/rules.js'
import { loadRules } from '../../core/heal/rules-file.js'
import { parseBoolean } from '../../core/settings/parse.js'
import { readInputs } from '../../github/inputs.js'
import { INPUTS } from './names.js'

export interface HealSettings {
  heal: HealOptions
  rules: Rule[]
  /** The audit config for the sentinel, or undefined when heal-dependencies is false. */
  audit?: AuditConfig
  /** Fail the step on a flaky pass instead of warning. */
  failOnFlaky: boolean
  resultsDir: string
}

/** Reads and validates every input, including the rules; throws a located UserError on bad values. */
export async function readSettings(): Promise<HealSettings> {
  const raw = readInputs(INPUTS)
  const heal = parseHealOptions(raw)
  return {
    heal,
    rules: await loadRules(raw.rules, heal.workingDirectory ?? process.cwd(), BUILTIN_RULES),
    ...(parseBoolean(INPUTS.healDependencies, raw.healDependencies, true)
      ? {
          audit: await loadAuditConfig(
            raw.auditConfig.trim() &&
              path.resolve(heal.workingDirectory ?? '.', raw.auditConfig.trim())
          )
        }
      : {}),
    failOnFlaky: parseBoolean(INPUTS.failOnFlaky, raw.failOnFlaky, false),
    resultsDir: raw.resultsDir.trim() || 'chaos-results'
  }
}
