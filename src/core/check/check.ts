/**
 * The pre-push checks: each one a small plug-in with a stable name that passes, fails for a stated
 * reason, or is skipped with the reason — never passed when it could not look.
 */

export type CheckStatus = 'passed' | 'failed' | 'skipped'

/** One problem a check found, where it is, and how to fix it. */
export interface CheckFinding {
  message: string
  file?: string
  line?: number
  column?: number
  fix?: string
}

export interface CheckResult {
  name: string
  status: CheckStatus
  /** One line: what was checked, or why it was skipped. */
  summary: string
  findings: CheckFinding[]
  /** What --fix changed (files and what in them). */
  fixed: string[]
  ms: number
}

export interface CheckSettings {
  /** The repository root. */
  cwd: string
  fix: boolean
  /** The scenario file, relative to cwd or absolute. */
  config: string
  /** False when config was left to its default: a missing default file is then a skip. */
  configGiven: boolean
  /** The service to health-check; absent: the scenario file's monitoring endpoint if absolute. */
  targetUrl?: URL
  /** An unreachable service fails the health check instead of skipping it. */
  requireService: boolean
  /** Seconds the health probe waits. */
  healthTimeoutSeconds: number
}

export interface CheckContext {
  settings: CheckSettings
  env: NodeJS.ProcessEnv
  log: (line: string) => void
}

/** What a check's run returns; the runner adds its name and time. */
export type CheckOutcome = Omit<CheckResult, 'name' | 'ms'>

export interface Check {
  name: string
  /** What it checks, for --help and the report. */
  about: string
  run(context: CheckContext): Promise<CheckOutcome>
}

export function passed(summary: string, fixed: string[] = []): CheckOutcome {
  return { status: 'passed', summary, findings: [], fixed }
}

export function skipped(summary: string): CheckOutcome {
  return { status: 'skipped', summary, findings: [], fixed: [] }
}

export function failedWith(
  summary: string,
  findings: CheckFinding[],
  fixed: string[] = []
): CheckOutcome {
  return { status: findings.length ? 'failed' : 'passed', summary, findings, fixed }
}
