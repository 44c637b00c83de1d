/**
 * A failure no rule matched, named by the corpus model: a classification like a rule's, with the
 * model's category, its decisive line and why. It names the category (so the journal and the next
 * step say what the failure most likely is); on-unknown decides the retry, and by default (model)
 * retries the ones it names network or health_check (MODEL_RETRIES, policy.ts, docs/benchmarks.md).
 */
import type { CommandResult } from '../../exec/run-command.js'
import type { Classification } from '../classify.js'
import { type Category, DEFAULT_STRATEGY, type Rule, UNKNOWN_RULE } from '../rules.js'
import { readFailure } from './predict.js'
import type { ModelData } from './train.js'
import { MODEL_JSON } from './weights.js'

/** The rule source of a model classification. */
export const MODEL_SOURCE = 'corpus model'
/**
 * How sure the model must be to name a category; below it the failure stays unknown. On round 9's
 * failures no rule matched, 0.6 named 25 of 46 and 16 rightly, where naming every one was right in
 * 21 and misleading in 25 (docs/benchmarks.md).
 */
export const MODEL_MIN_CONFIDENCE = 0.6
/**
 * The categories a wait or a backoff can clear: the model's own strategy for them is the category's.
 */
export const MODEL_WAITS: readonly Category[] = ['network', 'health_check', 'timeout']
/**
 * The ones on-unknown: model retries. Not timeout: in the tune split's leave-round-out reading
 * (bench/heal-real/unknown-policy.mts, rounds 10-18) the model's timeout readings retried 1 transient
 * failure no rule matched and 3 deterministic ones.
 */
export const MODEL_RETRIES: readonly Category[] = ['network', 'health_check']

let loaded: ModelData | undefined
/** The trained weights, parsed on first use. */
export function corpusModel(): ModelData {
  loaded ??= JSON.parse(MODEL_JSON) as ModelData
  return loaded
}

const percent = (p: number): string => `${Math.round(p * 100)}%`

/**
 * The model's classification of an output no rule matched: its category when it is sure enough,
 * else unknown, with its guess in the why.
 */
export function modelClassification(
  result: Pick<CommandResult, 'output'>,
  status: number | null,
  model: ModelData = corpusModel()
): Classification {
  const reading = readFailure(model, result.output, status)
  // a reading needs a line of the output behind it: from the exit status alone (no output, or no
  // word the model knows) it would name the category that status has most often had, not this failure
  const sure = reading.confidence >= MODEL_MIN_CONFIDENCE && reading.line !== null
  const rule: Rule = !sure
    ? UNKNOWN_RULE
    : {
        name: 'corpus-model',
        category: reading.category,
        retryable: false,
        strategy: MODEL_WAITS.includes(reading.category)
          ? DEFAULT_STRATEGY[reading.category]
          : 'backoff',
        weight: 0,
        source: MODEL_SOURCE
      }
  const words = reading.words.length ? `, from ${reading.words.map(w => `"${w}"`).join(', ')}` : ''
  return {
    rule,
    text: result.output,
    line: sure ? reading.line : null,
    lineNumber: sure ? reading.lineNumber : null,
    score: sure ? Math.round(reading.confidence * 100) / 100 : 0,
    reasons: [`model ${percent(reading.confidence)}`],
    runnerUp: null,
    why: sure
      ? `no rule matched; the corpus model reads it as ${reading.category} (${percent(reading.confidence)})${words}`
      : `no rule matched, and the corpus model is not sure enough to name it (its best guess, ${reading.category}, is ${percent(reading.confidence)}; it names one from ${percent(MODEL_MIN_CONFIDENCE)})`
  }
}
