/**
 * The root action's inputs, read once. Each stage's settings are built from them by that stage's
 * own parser (the same one its action uses), so every input is validated — and a bad one fails the
 * step — before anything is probed, faulted or written.
 */
import type { CheckSettings } from '../../core/check/check.js'
import { CONVENTIONS } from '../../core/check/conventions.js'
import { CHECK_NAMES } from '../../core/check/registry.js'
import { selectChecks } from '../../core/check/run.js'
import { type CommentSettings, parseCommentOptions } from '../../core/comment/options.js'
import { UserError } from '../../core/errors.js'
import { type InjectOptions, parseInjectOptions } from '../../core/experiment/options.js'
import { parseHealthUrl } from '../../core/health/options.js'
import { parseScenarioFile } from '../../core/scenarios/parse.js'
import { optionalText, parseBoolean, parseChoice, parseLines } from '../../core/settings/parse.js'
import { didYouMean } from '../../core/text/suggest.js'
import { readUserFile } from '../../core/user-file.js'
import { parseValidateOptions, type ValidateOptions } from '../../core/validate/options.js'
import { readInputs } from '../../github/inputs.js'
import { type AuditSettings, auditSettingsFrom } from '../audit/settings.js'
import { type HealthSettings, healthSettingsFrom } from '../health/settings.js'
import { type HistorySettings, historySettingsFrom } from '../history/settings.js'
import { INPUTS } from './names.js'

/** The stages of a run, in order; `skip` takes these names. */
export const STAGES = ['history', 'health', 'audit', 'inject', 'validate', 'comment'] as const
export type StageName = (typeof STAGES)[number]

export interface RunStages {
  history?: HistorySettings
  health?: HealthSettings
  audit?: AuditSettings
  inject?: InjectOptions
  validate?: ValidateOptions
  comment?: CommentSettings
}

export interface PipelineSettings {
  mode: 'run' | 'check'
  resultsDir: string
  /** This run's Markdown report (the comment's body, or the check report). */
  reportFile: string
  /** Fail the step when a stage failed (default); false: outputs and a warning only. */
  failOnFailure: boolean
  /** mode run: the stages that run, each with its settings; absent ones were skipped. */
  stages: RunStages
  skipped: StageName[]
  /** mode check: the checks and their settings. */
  check?: { names: string[]; settings: CheckSettings }
}

type Raw = Record<keyof typeof INPUTS, string>

function parseSkip(raw: string): StageName[] {
  const names = parseLines(raw.replace(/,/g, '\n'))
  for (const name of names)
    if (!(STAGES as readonly string[]).includes(name))
      throw new UserError(
        `there is no stage named '${name}'.${didYouMean(name, STAGES)}`,
        `Set skip to some of: ${STAGES.join(', ')}.`,
        { input: INPUTS.skip }
      )
  return names as StageName[]
}

/** The health endpoints: health-path's lines on target-url, else the file's monitoring endpoint. */
async function healthUrls(raw: Raw, config: string): Promise<string[]> {
  const base = optionalText(raw.targetUrl)
  if (!base) return []
  const paths = parseLines(raw.healthPath)
  if (paths.length === 0) {
    const file = parseScenarioFile(
      config,
      await readUserFile(
        config,
        'scenario file',
        'Create it (examples/chaos_scenarios.yml in chaos-ci is a start), or point config at yours.'
      )
    )
    paths.push(file.monitoring.health_check?.endpoint ?? '/')
  }
  for (const p of paths)
    if (!p.startsWith('/'))
      throw new UserError(
        `'${p}' is not a path.`,
        'Write each health-path as /path, e.g. /health.',
        {
          input: INPUTS.healthPath
        }
      )
  return paths.map(p => new URL(p, base).href)
}

function historyFrom(raw: Raw, resultsDir: string): HistorySettings {
  return historySettingsFrom({
    db: optionalText(raw.historyDb) ?? 'reports/chaos_history.db',
    resultsDir,
    save: raw.save,
    token: raw.token
  })
}

async function runStages(raw: Raw, skipped: StageName[], resultsDir: string): Promise<RunStages> {
  const runs = (name: StageName): boolean => !skipped.includes(name)
  const config = optionalText(raw.config) ?? CONVENTIONS.scenarios
  const stages: RunStages = {}
  if (runs('inject'))
    stages.inject = parseInjectOptions({
      config,
      targetUrl: raw.targetUrl,
      healthPath: parseLines(raw.healthPath)[0] ?? '',
      scenario: raw.scenario,
      group: raw.group,
      environment: raw.environment,
      requests: raw.requests,
      rate: raw.rate,
      baselineSeconds: raw.baselineSeconds,
      command: raw.command,
      maxAttempts: raw.maxAttempts,
      allowDestructive: raw.allowDestructive,
      allowRemoteTarget: raw.allowRemoteTarget,
      onNothingRan: raw.onNothingRan,
      resultsDir
    })
  if (runs('history')) stages.history = historyFrom(raw, resultsDir)
  if (runs('health'))
    stages.health = healthSettingsFrom({
      url: (await healthUrls(raw, config)).join('\n'),
      timeoutSeconds: raw.healthTimeoutSeconds || '120',
      resultsDir
    })
  if (runs('audit'))
    stages.audit = await auditSettingsFrom({
      workingDirectory: optionalText(raw.auditDirectory) ?? '.',
      resultsDir
    })
  if (runs('validate'))
    stages.validate = parseValidateOptions({
      results: resultsDir,
      config,
      slos: raw.slos,
      environment: raw.environment,
      ...(stages.history ? { historyDb: stages.history.db } : {}),
      onInsufficientData: raw.onNothingRan,
      resultsDir
    })
  if (runs('comment'))
    stages.comment = parseCommentOptions({
      results: resultsDir,
      name: raw.commentName,
      token: raw.token
    })
  return stages
}

function checkSettings(raw: Raw): PipelineSettings['check'] {
  const only = parseLines(raw.checks.replace(/,/g, '\n'))
  const names = selectChecks(only, [])
  const target = optionalText(raw.targetUrl)
  const config = optionalText(raw.config)
  return {
    names,
    settings: {
      cwd: process.cwd(),
      fix: false,
      config: config ?? CONVENTIONS.scenarios,
      configGiven: config !== undefined,
      ...(target ? { targetUrl: parseHealthUrl(target) } : {}),
      requireService: false,
      healthTimeoutSeconds: 2
    }
  }
}

export async function readSettings(): Promise<PipelineSettings> {
  const raw = readInputs(INPUTS)
  const mode = parseChoice(
    INPUTS.mode,
    raw.mode,
    ['run', 'check'] as const,
    'run',
    'a mode',
    `Set ${INPUTS.mode} to run (the whole pipeline) or check (the pre-push checks: ${CHECK_NAMES.join(', ')}).`
  )
  const resultsDir = optionalText(raw.resultsDir) ?? 'chaos-results'
  const skipped = mode === 'run' ? parseSkip(raw.skip) : []
  return {
    mode,
    resultsDir,
    reportFile: `${resultsDir}/${mode === 'run' ? 'chaos-ci-report.md' : 'chaos-check.md'}`,
    failOnFailure: parseBoolean(INPUTS.failOnFailure, raw.failOnFailure, true),
    stages: mode === 'run' ? await runStages(raw, skipped, resultsDir) : {},
    skipped,
    ...(mode === 'check' ? { check: checkSettings(raw) } : {})
  }
}

/** What post needs: the history settings when the history stage runs (the same inputs as main). */
export function readPostSettings(): HistorySettings | undefined {
  const raw = readInputs(INPUTS)
  return parseSkip(raw.skip).includes('history')
    ? undefined
    : historyFrom(raw, optionalText(raw.resultsDir) ?? 'chaos-results')
}
