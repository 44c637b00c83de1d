/** The checks, in the order they run; each name is stable (--skip and --only use it). */
import type { Check } from './check.js'
import { config } from './checks/config.js'
import { dependencies } from './checks/dependencies.js'
import { dryRun } from './checks/dry-run.js'
import { health } from './checks/health.js'
import { permissions } from './checks/permissions.js'
import { placeholders } from './checks/placeholders.js'
import { scripts } from './checks/scripts.js'
import { workflows } from './checks/workflows.js'

export const CHECKS: readonly Check[] = [
  dependencies,
  config,
  scripts,
  dryRun,
  health,
  workflows,
  placeholders,
  permissions
]

export const CHECK_NAMES: readonly string[] = CHECKS.map(check => check.name)
