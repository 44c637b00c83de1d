/** Audit settings from raw strings: the one parser behind the `audit` action's inputs and CLI options. */
import { UserError } from '../errors.js'
import { parseBoolean, parseLines } from '../settings/parse.js'
import { didYouMean } from '../text/suggest.js'
import { type RuleId, RULES } from './config.js'

export const AUDIT_INPUTS = {
  paths: 'paths',
  config: 'config',
  fix: 'fix',
  install: 'install',
  dryRun: 'dry-run',
  failOn: 'fail-on',
  workingDirectory: 'working-directory'
} as const

export type RawAuditOptions = Partial<Record<keyof typeof AUDIT_INPUTS, string>>

export interface AuditOptions {
  /** Overrides the config's paths when given. */
  paths: string[]
  config?: string
  fix: boolean
  install: boolean
  dryRun: boolean
  failOn: RuleId[]
  workingDirectory: string
}

/** Parses `fail-on`: rule names, or `none`. */
export function parseFailOn(raw: string | undefined): RuleId[] {
  const words = (raw ?? '').split(/[\s,]+/).filter(Boolean)
  if (words.length === 0) return ['missing']
  if (words.length === 1 && words[0] === 'none') return []
  return words.map(word => {
    if ((RULES as readonly string[]).includes(word)) return word as RuleId
    throw new UserError(
      `unknown finding '${word}'.${didYouMean(word, RULES)}`,
      `Use any of ${RULES.join(', ')}, or none.`,
      { input: AUDIT_INPUTS.failOn }
    )
  })
}

export function parseAuditOptions(raw: RawAuditOptions): AuditOptions {
  const fix = parseBoolean(AUDIT_INPUTS.fix, raw.fix, false)
  const install = parseBoolean(AUDIT_INPUTS.install, raw.install, false)
  if (install && !fix)
    throw new UserError(
      'install needs fix: only the names fix adds are installed.',
      'Set fix: true as well, or drop install.',
      { input: AUDIT_INPUTS.install }
    )
  return {
    paths: parseLines(raw.paths),
    ...(raw.config?.trim() ? { config: raw.config.trim() } : {}),
    fix,
    install,
    dryRun: parseBoolean(AUDIT_INPUTS.dryRun, raw.dryRun, false),
    failOn: parseFailOn(raw.failOn),
    workingDirectory: raw.workingDirectory?.trim() || '.'
  }
}
