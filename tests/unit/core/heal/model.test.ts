/** The corpus model: its features, its reading of a failure, its place in the retry policy. */
import { readFileSync } from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import type { CommandResult } from '../../../../src/core/exec/run-command.js'
import type { Classification } from '../../../../src/core/heal/classify.js'
import { heal } from '../../../../src/core/heal/healer.js'
import {
  corpusModel,
  MODEL_MIN_CONFIDENCE,
  MODEL_SOURCE,
  modelClassification
} from '../../../../src/core/heal/model/classification.js'
import { modelSource, trainOnFile } from '../../../../src/core/heal/model/corpus.js'
import { readFailure } from '../../../../src/core/heal/model/predict.js'
import { features, lineFeatures } from '../../../../src/core/heal/model/tokens.js'
import { type ModelData, train } from '../../../../src/core/heal/model/train.js'
import { parseHealOptions } from '../../../../src/core/heal/options.js'
import { decide, type RetryPolicy } from '../../../../src/core/heal/policy.js'
import { BUILTIN_RULES, CATEGORIES, UNKNOWN_RULE } from '../../../../src/core/heal/rules.js'
import { commandResult } from '../../../helpers/command-result.js'

const root = path.resolve(import.meta.dirname, '../../../..')

/** A hand-made model over two categories' words: network reads "mirror", configuration "token". */
function handModel(): ModelData {
  const row = (network: number, configuration: number): number[] =>
    CATEGORIES.map(c => (c === 'network' ? network : c === 'configuration' ? configuration : 0))
  return {
    categories: CATEGORIES,
    bias: CATEGORIES.map(() => 0),
    weights: { mirror: row(4, 0), flaky: row(2, 0), token: row(0, 4) },
    trainedOn: 'hand',
    cases: 0
  }
}

describe('the corpus model', () => {
  it('is trained on the tune split alone: weights.ts equals a fresh training of it', () => {
    const committed = readFileSync(path.join(root, 'src/core/heal/model/weights.ts'), 'utf8')
    const fresh = modelSource(trainOnFile(root, 'bench/heal-real/cases.tune.jsonl'))
    expect(committed.split('\n')[0]).toContain('bench/heal-real/cases.tune.jsonl')
    expect(committed === fresh).toBe(true)
  })

  it('names nothing from an exit status alone: a failure with no output stays unknown', () => {
    // the committed model leans to configuration for a bare exit 127 (the reading, not the rule)
    expect(readFailure(corpusModel(), '', 127).confidence).toBeGreaterThanOrEqual(
      MODEL_MIN_CONFIDENCE
    )
    expect(modelClassification({ output: '' }, 127).rule).toBe(UNKNOWN_RULE)
  })

  it('reads words, neighbouring pairs and the exit status; numbers, hex and URLs are folded', () => {
    expect(lineFeatures('Error: GET https://x.example/a/b failed 503 at deadbeef12')).toEqual([
      'error',
      'get',
      'url',
      'failed',
      'at',
      'hex',
      'error get',
      'get url',
      'url failed',
      'failed at',
      'at hex'
    ])
    expect(features('a 1\nport 8080 closed\nv2.0 ok', 137).sort()).toEqual(
      ['closed', 'exit:137', 'ok', 'port', 'port closed', 'v0.0', 'v0.0 ok'].sort()
    )
  })

  it('trains the same weights from the same cases, and learns which words name which category', () => {
    const cases = [
      { log: 'the mirror timed out', exit_code: 1, category: 'network' as const },
      { log: 'mirror reset by peer', exit_code: 1, category: 'network' as const },
      { log: 'the mirror is down', exit_code: 1, category: 'network' as const },
      { log: 'bad token for the registry', exit_code: 1, category: 'configuration' as const },
      { log: 'token has expired', exit_code: 1, category: 'configuration' as const },
      { log: 'token is wrong', exit_code: 1, category: 'configuration' as const }
    ]
    const model = train(cases, 'six cases')
    expect(train(cases, 'six cases')).toEqual(model)
    // A word seen in fewer cases than minCases never enters the vocabulary.
    expect(Object.keys(model.weights)).not.toContain('peer')
    expect(readFailure(model, 'the mirror again', 1).category).toBe('network')
    expect(readFailure(model, 'your token', 1).category).toBe('configuration')
  })

  it('names the category, the heaviest line and the words that weigh most for it', () => {
    const reading = readFailure(handModel(), 'starting\nthe mirror is flaky today\ndone', 1)
    expect(reading).toMatchObject({
      category: 'network',
      line: 'the mirror is flaky today',
      lineNumber: 2,
      words: ['mirror', 'flaky']
    })
    expect(reading.confidence).toBeGreaterThan(0.85)
  })

  it('names a category only when it is sure enough, and says its guess when it is not', () => {
    const sure = modelClassification({ output: 'mirror flaky' }, 1, handModel())
    expect(sure.rule).toMatchObject({ category: 'network', source: MODEL_SOURCE, retryable: false })
    expect(sure.why).toMatch(/corpus model reads it as network \(\d+%\), from "mirror", "flaky"/)
    // one word of each: an even split, under the floor
    const unsure = modelClassification({ output: 'mirror token' }, 1, handModel())
    expect(unsure.score).toBeLessThan(MODEL_MIN_CONFIDENCE)
    expect(unsure.rule).toBe(UNKNOWN_RULE)
    expect(unsure.line).toBeNull()
    expect(unsure.why).toMatch(/not sure enough to name it \(its best guess, \w+, is \d+%/)
  })
})

describe('the model in the retry policy', () => {
  const named: Classification = modelClassification({ output: 'mirror flaky' }, 1, handModel())
  const policy = (raw: Partial<RetryPolicy>): RetryPolicy => ({
    maxAttempts: 3,
    backoff: { initialMs: 1, maxMs: 1, factor: 1, jitter: 0 },
    retryOn: { categories: [], exitCodes: [] },
    onUnknown: 'stop',
    ...raw
  })
  const state = {
    attempt: 1,
    status: 1,
    remainingMs: Infinity,
    cancelled: false,
    canFixDependencies: false
  }

  it('is retried under on-unknown: model when it reads a wait, and under stop never', () => {
    expect(named.rule.category).toBe('network')
    expect(decide(policy({ onUnknown: 'model' }), named, state)).toEqual({
      retry: true,
      reason: 'no rule matched; the corpus model reads it as network, and on-unknown is model'
    })
    expect(decide(policy({}), named, state)).toEqual({
      retry: false,
      reason: 'no rule matched and on-unknown is stop'
    })
    // nor by retry-on naming its category: for retry-on it is unknown
    expect(
      decide(
        policy({ onUnknown: 'model', retryOn: { categories: ['network'], exitCodes: [] } }),
        named,
        state
      ).retry
    ).toBe(false)
  })

  it('is not retried under on-unknown: model when it reads what no retry clears, or is not sure', () => {
    const configuration = modelClassification({ output: 'token token' }, 1, handModel())
    expect(configuration.rule.category).toBe('configuration')
    expect(decide(policy({ onUnknown: 'model' }), configuration, state)).toEqual({
      retry: false,
      reason:
        'no rule matched; the corpus model reads it as configuration, which on-unknown: model does not retry'
    })
    // nor a timeout it reads: in the corpus those retried more deterministic failures than transient
    const timeout = { ...named, rule: { ...named.rule, category: 'timeout' as const } }
    expect(decide(policy({ onUnknown: 'model' }), timeout, state)).toEqual({
      retry: false,
      reason:
        'no rule matched; the corpus model reads it as timeout, which on-unknown: model does not retry'
    })
    const unsure = modelClassification({ output: 'mirror token' }, 1, handModel())
    expect(decide(policy({ onUnknown: 'model' }), unsure, state)).toEqual({
      retry: false,
      reason: 'no rule matched, the corpus model is not sure what it is, and on-unknown is model'
    })
  })

  it('is retried as any unmatched failure is: on-unknown: retry, retry-on unknown or its exit code', () => {
    expect(decide(policy({ onUnknown: 'retry' }), named, state).retry).toBe(true)
    expect(
      decide(policy({ retryOn: { categories: [], exitCodes: [1] } }), named, state).retry
    ).toBe(true)
  })
})

describe('the healer with the corpus model', () => {
  const failing = (log: string) => async (): Promise<CommandResult> =>
    commandResult({ exitCode: 1, output: log, stderr: log })

  it('names a failure no rule matched, says so in the next step, and does not retry it', async () => {
    const log =
      'Run actions/deploy@v2\nthe workflow must set the environment input before this step can use it\nplease update your workflow file\n'
    const journal = await heal(parseHealOptions({ command: 'deploy', retryDelay: '0.01' }), {
      rules: BUILTIN_RULES,
      runner: failing(log)
    })
    const [attempt] = journal.attempts
    expect(journal.attempts).toHaveLength(1)
    expect(attempt).toMatchObject({
      category: 'configuration',
      rule: 'corpus-model',
      rule_source: MODEL_SOURCE,
      decision: 'stop'
    })
    expect(attempt!.next_step).toMatch(/corpus model's reading/)
  })
})
