#!/usr/bin/env -S npx tsx
// How each on-unknown choice would have done on failures no rule matched, as a fresh round sees
// them: for each round of the tune split from 10 on, the corpus model is trained only on the rounds before it (never
// on the round it reads), and the round's cases no built-in rule matches are read by it. Prints, per
// round and in all, how many transient and deterministic failures each choice retries:
//   stop:  none;
//   model: the ones the model names network or health_check (at least 60% sure, with a line
//          of the output behind it), the default;
//   retry: all of them.
// The rules are today's, so a round read before today's rules were written leaves fewer failures
// unmatched than it did when it was fresh; each round's unmatched set is still read by a model that
// never saw it. Run: npx tsx bench/heal-real/unknown-policy.mts
import { classify } from '../../src/core/heal/classify.js'
import { modelClassification } from '../../src/core/heal/model/classification.js'
import { train } from '../../src/core/heal/model/train.js'
import { decide, type RetryPolicy } from '../../src/core/heal/policy.js'
import { BUILTIN_RULES, type Category, UNKNOWN_RULE } from '../../src/core/heal/rules.js'
import { loadCases } from './cases.mjs'

// the tune split alone: the held-out round is measured by the bench, never read to pick a policy
// (the corpus file's categories are validated by cases.mjs: they are the rules' categories)
const cases = loadCases('tune').map(c => ({ ...c, category: c.category as Category }))
// the action's own decision under on-unknown: model, so this reading cannot drift from it
const policy: RetryPolicy = {
  maxAttempts: 3,
  backoff: { initialMs: 0, maxMs: 0, factor: 1, jitter: 0 },
  retryOn: { categories: [], exitCodes: [] },
  onUnknown: 'model'
}
const state = {
  attempt: 1,
  remainingMs: Infinity,
  cancelled: false,
  canFixDependencies: false
}
/** The round a case was collected in: its id's r<N>- prefix; round 1 and 2 ids have none. */
const roundOf = (id: string): number => Number(/^r(\d+)-/.exec(id)?.[1] ?? 1)
const rounds = [...new Set(cases.map(c => roundOf(c.id)))]
  .filter(r => r >= 10)
  .sort((a, b) => a - b)

const rows: string[] = []
const total = { transient: 0, deterministic: 0, modelTransient: 0, modelDeterministic: 0 }
for (const round of rounds) {
  const model = train(
    cases.filter(c => roundOf(c.id) < round),
    `rounds before ${round}`
  )
  let transient = 0
  let deterministic = 0
  let modelTransient = 0
  let modelDeterministic = 0
  for (const c of cases.filter(c => roundOf(c.id) === round)) {
    const found = classify(
      { exitCode: c.exit_code, signal: null, timedOut: false, output: c.log, stderr: '' },
      BUILTIN_RULES
    )
    if (found.rule !== UNKNOWN_RULE) continue
    const read = modelClassification({ output: c.log }, c.exit_code, model)
    const retried = decide(policy, read, { ...state, status: c.exit_code }).retry
    if (c.transient) {
      transient++
      if (retried) modelTransient++
    } else {
      deterministic++
      if (retried) modelDeterministic++
    }
  }
  rows.push(
    `| ${round} | ${transient} | ${deterministic} | ${modelTransient} of ${transient} | ${modelDeterministic} of ${deterministic} |`
  )
  total.transient += transient
  total.deterministic += deterministic
  total.modelTransient += modelTransient
  total.modelDeterministic += modelDeterministic
}
const pct = (n: number, of: number): string => `${Math.round((100 * n) / of)}%`
console.log(
  [
    '| round | unmatched transient | unmatched deterministic | transient retried by model | deterministic retried by model |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    `| all | ${total.transient} | ${total.deterministic} | ${total.modelTransient} of ${total.transient} (${pct(total.modelTransient, total.transient)}) | ${total.modelDeterministic} of ${total.deterministic} (${pct(total.modelDeterministic, total.deterministic)}) |`
  ].join('\n')
)
console.log(
  '\nstop retries none of them; retry retries all of them (every unmatched transient and deterministic failure).'
)
