/** The `health` action's inputs, read once into typed settings and validated before any request. */
import * as core from '@actions/core'

import { parseHealthOptions } from '../../core/health/options.js'
import type { HealthOptions } from '../../core/health/wait.js'
import { optionalText, parseBoolean } from '../../core/settings/parse.js'
import { readInputs } from '../../github/inputs.js'
import { INPUTS } from './names.js'

export interface HealthSettings {
  health: HealthOptions
  /** Fail the step when not healthy (default); false only reports it in the outputs. */
  failOnUnhealthy: boolean
  /** Where the results file goes. */
  resultsDir: string
}

/** Reads and validates every input; throws a UserError naming the input on bad values. */
export function readSettings(): HealthSettings {
  return healthSettingsFrom(readInputs(INPUTS))
}

/** The same from raw strings (the root pipeline builds them from its own inputs). */
export function healthSettingsFrom(
  raw: Partial<Record<keyof typeof INPUTS, string>>
): HealthSettings {
  const health = parseHealthOptions(raw)
  // a password in a URL never reaches the log; reports store the URL with it redacted
  for (const url of health.urls) if (url.password) core.setSecret(decodeURIComponent(url.password))
  return {
    health,
    failOnUnhealthy: parseBoolean(INPUTS.failOnUnhealthy, raw.failOnUnhealthy, true),
    resultsDir: optionalText(raw.resultsDir) ?? 'chaos-results'
  }
}
