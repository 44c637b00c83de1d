/**
 * `validate` from start to end: read inject's results, the SLO sources and the history; judge every
 * scenario and the run as a whole. Shared by the action and the CLI; writes nothing itself.
 */
import { existsSync } from 'node:fs'

import { UserError } from '../errors.js'
import type { InjectPayload } from '../experiment/payload.js'
import { openHistory } from '../history/db.js'
import { scenarioHistory } from '../history/scenario-history.js'
import { readResultsIn } from '../results/files.js'
import type { ResultsFile } from '../results/schema.js'
import { stepPasses, type ValidateStatus } from '../results/status.js'
import type { ScenarioFile } from '../scenarios/model.js'
import { parseScenarioFile } from '../scenarios/parse.js'
import { readSloMap, type SloLayer } from '../slo/layers.js'
import { measure, scenarioFromResult, type ScenarioNumbers } from '../slo/measure.js'
import { METRICS } from '../slo/metrics.js'
import { type ResolvedSlo, resolveSlos } from '../slo/resolve.js'
import { didYouMean } from '../text/suggest.js'
import { readUserFile } from '../user-file.js'
import { loadLocated } from '../yaml/located.js'
import {
  failsStep,
  type HistoryLookup,
  judgeScenario,
  type ScenarioSource,
  type ScenarioVerdict
} from './judge.js'
import type { ValidateOptions } from './options.js'
import type { ValidateOutcome, ValidatePayload } from './payload.js'
import { heldTo, type JudgedScenario, judgePooled } from './pooled.js'

export interface ValidateDeps {
  /** The repository's default branch, for the baseline (from the event payload). */
  defaultBranch?: string
  /** This run's id, left out of its own baseline. */
  runId?: string
}

/** Why no SLO was evaluated, in words a user can act on. */
function insufficientReason(
  scenarios: ScenarioVerdict[],
  judged: number,
  insufficient: number
): string {
  if (judged === 0)
    return `no scenario's fault ran (${scenarios.length} scenario(s): ${[...new Set(scenarios.map(s => s.verdict))].join(', ') || 'none'}), so there was nothing to judge`
  return `every one of the ${insufficient} SLO check(s) lacked enough samples: raise the rate or the duration, or lower min-samples`
}

/** Why validate failed, in words: the blocking failures, the scenarios that fail the step, the regressions. */
function failedReason(
  failedSlos: number,
  scenarios: ScenarioVerdict[],
  options: ValidateOptions,
  regressions: number
): string {
  const failing = scenarios.filter(s => failsStep(s.verdict, options.invalidPolicy))
  return [
    failedSlos ? `${failedSlos} SLO check(s) failed` : '',
    failing.length
      ? `${failing.length} scenario(s) fail the step (${[...new Set(failing.map(s => s.verdict))].join(', ')})`
      : '',
    options.failOnRegression && regressions
      ? `${regressions} regression(s) (fail-on-regression)`
      : ''
  ]
    .filter(Boolean)
    .join('; ')
}

function sourceOf(results: ResultsFile, index: number): ScenarioSource {
  const { repo, run_id, run_attempt, job, step } = results.run
  return { repo, run_id, run_attempt, job, step, seq: index + 1 }
}

function isInject(results: ResultsFile): results is ResultsFile<InjectPayload> {
  return results.stage === 'inject'
}

async function readInjectResults(
  path: string
): Promise<{ files: string[]; results: ResultsFile<InjectPayload>[] }> {
  const all = await readResultsIn(
    path,
    'Point results at the folder inject wrote (its results-dir, chaos-results by default) or at one inject-*.json file.'
  )
  if (all.length === 0)
    throw new UserError(
      `no results files in ${path}.`,
      'Run the inject action (or chaos-ci inject --results-dir) first, and point results at its folder.',
      { file: path }
    )
  const ran = all.filter(
    (entry): entry is { file: string; results: ResultsFile<InjectPayload> } =>
      isInject(entry.results) && entry.results.status !== 'planned'
  )
  if (ran.length === 0)
    throw new UserError(
      `none of the ${all.length} results file(s) in ${path} is from an inject run that ran.`,
      'Validate judges what inject measured: run inject without dry-run before validate.',
      { file: path }
    )
  return { files: ran.map(entry => entry.file), results: ran.map(entry => entry.results) }
}

async function readConfig(options: ValidateOptions): Promise<ScenarioFile | null> {
  if (!options.configGiven && !existsSync(options.config)) return null
  const text = await readUserFile(
    options.config,
    'scenario file',
    'Point config at the scenario file that holds your slo_targets, or leave it empty and give slos.'
  )
  return parseScenarioFile(options.config, text)
}

function inlineLayer(text: string | undefined): SloLayer | undefined {
  if (text === undefined) return undefined
  const doc = loadLocated('input slos', text)
  return readSloMap(doc, [], 'input slos', { levels: true, recovery: true })
}

function environmentLayer(
  file: ScenarioFile | null,
  name: string | undefined
): SloLayer | undefined {
  if (name === undefined) return undefined
  const environment = file?.environments[name]
  if (!environment)
    throw new UserError(
      file
        ? `environment '${name}' is not in ${file.file}.${didYouMean(name, Object.keys(file.environments))}`
        : `environment '${name}' was asked for, but there is no scenario file to define it.`,
      file
        ? `Use one of: ${Object.keys(file.environments).join(', ') || '(none defined)'}, or leave environment empty.`
        : 'Point config at the scenario file with the environments section, or leave environment empty.',
      { input: 'environment' }
    )
  return environment.slo
}

type HistoryReader = (scenario: string) => ScenarioNumbers[]

async function openBaseline(
  options: ValidateOptions,
  deps: ValidateDeps,
  runIds: string[]
): Promise<{
  reader: HistoryReader | null
  close: () => void
  note: string | null
  branch: string | null
}> {
  const branch =
    options.baselineBranch === undefined ? (deps.defaultBranch ?? 'main') : options.baselineBranch
  if (!existsSync(options.historyDb))
    return {
      reader: null,
      close: () => undefined,
      branch,
      note: `no history database at ${options.historyDb}: verdicts are against the SLOs only (the history action keeps one).`
    }
  const db = await openHistory(options.historyDb)
  return {
    reader: scenario =>
      scenarioHistory(db, { scenario, branch, limit: options.baselineRuns, excludeRunIds: runIds }),
    close: () => db.close(),
    branch,
    note: null
  }
}

/** Run-level SLOs (MTTR) a scenario's own slo sets: its own row judges them, not the pooled one. */
function ownRunKeys(slos: readonly ResolvedSlo[], general: readonly ResolvedSlo[]): Set<string> {
  return new Set(
    slos
      .filter(slo => METRICS[slo.metric].scope === 'run')
      .filter(slo => !general.some(g => g.key === slo.key && heldTo(g, slos)))
      .map(slo => slo.key)
  )
}

function lookupFrom(past: ScenarioNumbers[]): HistoryLookup {
  return (metric, stat) =>
    past.flatMap(numbers => {
      const value = measure(numbers, metric, stat).value
      return value === null ? [] : [value]
    })
}

/** Judges every scenario in `options.results`; throws a UserError for any bad input. */
export async function executeValidate(
  options: ValidateOptions,
  deps: ValidateDeps = {}
): Promise<ValidateOutcome> {
  const { files, results } = await readInjectResults(options.results)
  const file = await readConfig(options)
  const environment =
    options.environment ??
    results.find(r => r.payload.selection.environment)?.payload.selection.environment ??
    undefined
  const general = [
    file?.slo,
    environmentLayer(file, environment ?? undefined),
    inlineLayer(options.slos)
  ]
  const globalLayers = general.filter((layer): layer is SloLayer => layer !== undefined)
  const overallSlos = resolveSlos(globalLayers)
  const anyScenarioSlo = file?.scenarios.some(s => s.slo) ?? false
  if (overallSlos.length === 0 && !anyScenarioSlo)
    throw new UserError(
      'there are no SLOs to judge against.',
      `Give slo_targets in ${options.config} (config), or SLOs inline (slos), e.g. "min_availability_percent: 99".`,
      { input: 'slos' }
    )
  const runIds = [...new Set(results.map(r => r.run.run_id).concat(deps.runId ? [deps.runId] : []))]
  const baseline = await openBaseline(options, deps, runIds)
  const settings = { minSamples: options.minSamples, regressionSigma: options.regressionSigma }
  let historyRuns = 0
  try {
    const scenarios: ScenarioVerdict[] = []
    const judged: JudgedScenario[] = []
    const sourced = results.flatMap(r =>
      r.payload.scenarios.map((scenario, i) => ({ scenario, source: sourceOf(r, i) }))
    )
    for (const { scenario, source } of sourced) {
      const own = file?.scenarios.find(s => s.name === scenario.name)?.slo
      const [fileLayer, envLayer, inline] = general
      const layers = [fileLayer, envLayer, own, inline].filter(
        (layer): layer is SloLayer => layer !== undefined
      )
      const slos = resolveSlos(layers)
      const past = baseline.reader?.(scenario.name) ?? null
      historyRuns = Math.max(historyRuns, past?.length ?? 0)
      const verdict = judgeScenario(
        scenario,
        scenarioFromResult(scenario),
        slos,
        settings,
        past ? lookupFrom(past) : null,
        ownRunKeys(slos, overallSlos)
      )
      scenarios.push({ ...verdict, source })
      if (scenario.status === 'passed' || scenario.status === 'failed')
        judged.push({ result: scenario, slos })
    }
    const overall = judgePooled(overallSlos, judged, settings)
    const all = [...scenarios.flatMap(s => s.slos), ...overall]
    const count = (verdict: string): number => all.filter(v => v.verdict === verdict).length
    const regressions = all.filter(v => v.baseline?.regression).length
    const byVerdict: Record<string, number> = {}
    for (const s of scenarios) byVerdict[s.verdict] = (byVerdict[s.verdict] ?? 0) + 1
    const failed =
      count('fail') > 0 ||
      scenarios.some(s => failsStep(s.verdict, options.invalidPolicy)) ||
      (options.failOnRegression && regressions > 0)
    const evaluated = count('pass') + count('warn') + count('fail')
    const status: ValidateStatus = failed
      ? 'failed'
      : evaluated === 0
        ? 'insufficient-data'
        : count('warn') > 0 || regressions > 0
          ? 'warned'
          : 'passed'
    const reason =
      status === 'insufficient-data'
        ? insufficientReason(scenarios, judged.length, count('insufficient-data'))
        : status === 'failed'
          ? failedReason(count('fail'), scenarios, options, regressions)
          : status === 'warned'
            ? `${count('warn')} SLO check(s) warned, ${regressions} regression(s)`
            : null
    const payload: ValidatePayload = {
      passed: stepPasses(status, { onEmpty: options.onInsufficientData }),
      sources: {
        results: files,
        config: file ? options.config : null,
        environment: environment ?? null,
        layers: [
          general[0]?.name,
          general[1]?.name,
          anyScenarioSlo ? "the scenarios' own slo" : undefined,
          general[2]?.name
        ].filter((name): name is string => name !== undefined)
      },
      policy: {
        invalid: options.invalidPolicy,
        min_samples: options.minSamples,
        regression_sigma: options.regressionSigma,
        fail_on_regression: options.failOnRegression
      },
      history: {
        db: baseline.reader ? options.historyDb : null,
        branch: baseline.branch,
        runs: historyRuns,
        note:
          baseline.note ??
          (historyRuns === 0
            ? `the history has no earlier runs of these scenarios on ${baseline.branch ?? 'any branch'}: verdicts are against the SLOs only.`
            : null)
      },
      scenarios,
      overall,
      summary: {
        scenarios: scenarios.length,
        by_verdict: byVerdict,
        slos: all.length,
        failed_slos: count('fail'),
        warned_slos: count('warn'),
        insufficient: count('insufficient-data'),
        regressions,
        invalid: scenarios.filter(s => s.verdict === 'invalid').length
      }
    }
    return { status: { status, status_reason: reason }, payload }
  } finally {
    baseline.close()
  }
}
