/**
 * Validate settings from raw strings: the one parser behind the `validate` action's inputs and the
 * `chaos-ci validate` options, which share these kebab-case names.
 */
import { EMPTY_POLICIES, type EmptyPolicy } from '../results/status.js'
import { optionalText, parseBoolean, parseChoice, parseNumber } from '../settings/parse.js'

export const VALIDATE_INPUTS = {
  results: 'results',
  config: 'config',
  slos: 'slos',
  environment: 'environment',
  historyDb: 'history-db',
  baselineBranch: 'baseline-branch',
  baselineRuns: 'baseline-runs',
  regressionSigma: 'regression-sigma',
  minSamples: 'min-samples',
  invalidPolicy: 'invalid-policy',
  failOnRegression: 'fail-on-regression',
  onInsufficientData: 'on-insufficient-data',
  resultsDir: 'results-dir',
  junitFile: 'junit-file'
} as const

export type ValidateInputKey = keyof typeof VALIDATE_INPUTS
export type RawValidateOptions = Partial<Record<ValidateInputKey, string>>

export const VALIDATE_DEFAULTS = {
  results: 'chaos-results',
  config: 'deploy/chaos_scenarios.yml',
  historyDb: 'reports/chaos_history.db',
  baselineRuns: 20,
  regressionSigma: 2.5,
  minSamples: 30,
  resultsDir: 'chaos-results'
} as const

/** What an `invalid` scenario (the fault did not land) does to the step. */
export const INVALID_POLICIES = ['fail', 'warn', 'ignore'] as const
export type InvalidPolicy = (typeof INVALID_POLICIES)[number]

export interface ValidateOptions {
  /** A results file or a folder of them. */
  results: string
  config: string
  /** False when config was left to its default: a missing default file is then fine. */
  configGiven: boolean
  /** Inline SLOs (YAML), applied over every other source. */
  slos?: string
  /** Absent: the environment inject ran with. */
  environment?: string
  historyDb: string
  /** Runs on this branch make the baseline; null: every branch. Absent: the repository's default. */
  baselineBranch?: string | null
  baselineRuns: number
  regressionSigma: number
  minSamples: number
  invalidPolicy: InvalidPolicy
  failOnRegression: boolean
  /** No SLO could be evaluated (nothing ran, too few samples): fail the step (default) or warn. */
  onInsufficientData: EmptyPolicy
  resultsDir: string
  junitFile?: string
}

/** Validates every value before anything is read. */
export function parseValidateOptions(raw: RawValidateOptions): ValidateOptions {
  const i = VALIDATE_INPUTS
  const d = VALIDATE_DEFAULTS
  const policy = parseChoice(
    i.invalidPolicy,
    raw.invalidPolicy,
    INVALID_POLICIES,
    'fail',
    'an invalid-policy',
    `Set ${i.invalidPolicy} to fail (an invalid scenario fails the step), warn or ignore.`
  )
  const branch = optionalText(raw.baselineBranch)
  const config = optionalText(raw.config)
  const slos = raw.slos?.trim() ? raw.slos : undefined
  const environment = optionalText(raw.environment)
  const junitFile = optionalText(raw.junitFile)
  return {
    results: optionalText(raw.results) ?? d.results,
    config: config ?? d.config,
    configGiven: config !== undefined,
    ...(slos !== undefined ? { slos } : {}),
    ...(environment !== undefined ? { environment } : {}),
    historyDb: optionalText(raw.historyDb) ?? d.historyDb,
    ...(branch !== undefined ? { baselineBranch: branch === '*' ? null : branch } : {}),
    baselineRuns: parseNumber(i.baselineRuns, raw.baselineRuns, d.baselineRuns, {
      min: 5,
      max: 1000,
      integer: true
    }),
    regressionSigma: parseNumber(i.regressionSigma, raw.regressionSigma, d.regressionSigma, {
      min: 0.5,
      max: 10
    }),
    minSamples: parseNumber(i.minSamples, raw.minSamples, d.minSamples, { min: 1, integer: true }),
    invalidPolicy: policy,
    failOnRegression: parseBoolean(i.failOnRegression, raw.failOnRegression, false),
    onInsufficientData: parseChoice(
      i.onInsufficientData,
      raw.onInsufficientData,
      EMPTY_POLICIES,
      'fail',
      'a policy',
      `Set ${i.onInsufficientData} to fail (a validation that evaluated no SLO fails the step) or warn.`
    ),
    resultsDir: optionalText(raw.resultsDir) ?? d.resultsDir,
    ...(junitFile !== undefined ? { junitFile } : {})
  }
}
