/**
 * Recommendations, each derived from the window's data and citing the numbers behind it. A rule that
 * finds nothing says nothing; there is no canned advice.
 */
import { specifierTarget } from '../audit/names.js'
import { resolveImport } from '../audit/python/mapping.js'
import { escapeMarkdown, inlineCode } from '../markdown.js'
import type { Recommendation, ReportData } from './data.js'
import { missingModule, topPatterns } from './patterns.js'
import type { FailureRow } from './queries.js'

type Data = Omit<ReportData, 'recommendations'>

function pct(value: number | null): string {
  return value === null ? '—' : `${value}%`
}

/** Dependency failures that recur on one module: declare or pin the package that provides it. */
function recurringModules(failed: readonly FailureRow[]): Recommendation[] {
  const counts = new Map<string, { ecosystem: 'python' | 'node'; module: string; count: number }>()
  for (const failure of failed) {
    const found = failure.message ? missingModule(failure.message) : null
    if (!found) continue
    const key = `${found.ecosystem}:${found.module}`
    const entry = counts.get(key) ?? { ...found, count: 0 }
    entry.count++
    counts.set(key, entry)
  }
  return [...counts.values()]
    .filter(entry => entry.count >= 2)
    .sort((a, b) => b.count - a.count)
    .map(({ ecosystem, module, count }) => {
      const pkg =
        ecosystem === 'python'
          ? (resolveImport(module, {}, new Map()).candidates[0] ?? module)
          : specifierTarget(module).name
      const where = ecosystem === 'python' ? 'requirements' : 'package.json'
      return {
        rule: 'recurring-missing-module',
        markdown: `Dependency failures recurred ${count}× on ${inlineCode(module)}: declare and pin ${inlineCode(pkg)} in your ${where} (\`chaos-ci audit --fix\` adds what is imported but not declared).`,
        evidence: { module, package: pkg, count }
      }
    })
}

/** A failure category that keeps coming back and that healing rarely fixes: the cause needs fixing. */
function unhealedCategories(data: Data, failed: readonly FailureRow[]): Recommendation[] {
  return data.healing
    .filter(row => row.steps >= 3 && row.healed / row.steps < 0.5)
    .map(row => {
      const top = topPatterns(
        failed.filter(f => f.category === row.category),
        1
      )[0]
      return {
        rule: 'unhealed-category',
        markdown: `${inlineCode(row.category)} failures were healed in only ${row.healed} of ${row.steps} steps (${Math.round((100 * row.healed) / row.steps)}%) with ${escapeMarkdown(row.strategy ?? 'no strategy')}: retrying does not fix them${top ? `; the most common message is ${inlineCode(top.pattern)} (${top.count}×)` : ''}.`,
        evidence: { category: row.category, healed: row.healed, steps: row.steps }
      }
    })
}

/** Failures that healing does fix, often: they are real flakiness that costs retries every week. */
function flakyCategories(data: Data): Recommendation[] {
  return data.healing
    .filter(row => row.steps >= 5 && row.healed / row.steps >= 0.8)
    .map(row => ({
      rule: 'flaky-category',
      markdown: `${inlineCode(row.category)} failures were healed in ${row.healed} of ${row.steps} steps, at the cost of ${row.attempts - row.steps} extra attempt(s): the flakiness is real; fixing its cause would save those retries.`,
      evidence: {
        category: row.category,
        healed: row.healed,
        steps: row.steps,
        extra_attempts: row.attempts - row.steps
      }
    }))
}

/** Scenarios whose validation flagged regressions, or that did not recover. */
function scenarioProblems(data: Data): Recommendation[] {
  const before = new Map(data.previous_scenarios.map(s => [s.scenario, s]))
  const out: Recommendation[] = []
  for (const s of data.scenarios) {
    if (s.regressions > 0) {
      const prior = before.get(s.scenario)?.p95_ms ?? null
      out.push({
        rule: 'scenario-regression',
        markdown: `${inlineCode(s.scenario)} regressed against its history in ${s.regressions} validation(s)${prior !== null && s.p95_ms !== null ? `; its median p95 under fault went from ${prior} ms to ${s.p95_ms} ms` : ''}: look at what changed in those runs.`,
        evidence: {
          scenario: s.scenario,
          regressions: s.regressions,
          p95_before: prior,
          p95_now: s.p95_ms
        }
      })
    }
    if (s.never_recovered > 0)
      out.push({
        rule: 'scenario-not-recovered',
        markdown: `${inlineCode(s.scenario)} did not recover in time in ${s.never_recovered} of ${s.runs} run(s): check the timeouts, retries and circuit breakers on that path.`,
        evidence: { scenario: s.scenario, not_recovered: s.never_recovered, runs: s.runs }
      })
  }
  return out
}

/** Week-on-week movements worth a look. */
function trends(data: Data): Recommendation[] {
  const out: Recommendation[] = []
  const now = data.executive
  const then = data.previous
  if (now.mttr_seconds !== null && then.mttr_seconds !== null && then.mttr_seconds > 0) {
    const change = (now.mttr_seconds - then.mttr_seconds) / then.mttr_seconds
    if (change >= 0.25)
      out.push({
        rule: 'mttr-rose',
        markdown: `MTTR rose from ${then.mttr_seconds} s to ${now.mttr_seconds} s (+${Math.round(change * 100)}%) over ${now.recoveries} measured recoveries.`,
        evidence: { before: then.mttr_seconds, now: now.mttr_seconds, recoveries: now.recoveries }
      })
  }
  if (
    now.success_rate !== null &&
    then.success_rate !== null &&
    then.success_rate - now.success_rate >= 5
  )
    out.push({
      rule: 'success-rate-fell',
      markdown: `The success rate fell from ${pct(then.success_rate)} to ${pct(now.success_rate)} (${now.passed} of ${now.runs} runs passed).`,
      evidence: { before: then.success_rate, now: now.success_rate, runs: now.runs }
    })
  if (now.nothing_ran > 0)
    out.push({
      rule: 'nothing-ran',
      markdown: `${now.nothing_ran} of ${now.runs} run(s) injected no fault or evaluated no SLO, so they tested nothing and did not pass: make their scenarios runnable on the runner (see each inject summary's why column), or select scenarios that are.`,
      evidence: { runs: now.nothing_ran }
    })
  if (now.flaky_passes >= 3 && now.flaky_passes > then.flaky_passes * 1.5)
    out.push({
      rule: 'flaky-passes-rose',
      markdown: `Flaky passes rose from ${then.flaky_passes} to ${now.flaky_passes}: steps are passing only on retry more often.`,
      evidence: { before: then.flaky_passes, now: now.flaky_passes }
    })
  return out
}

/** Audit findings seen in run after run: declared-but-missing dependencies that nobody fixed. */
function recurringFindings(data: Data): Recommendation[] {
  return data.findings
    .filter(f => f.runs >= 3)
    .slice(0, 5)
    .map(f => ({
      rule: 'recurring-finding',
      markdown: `The audit reported ${inlineCode(f.name)} (${escapeMarkdown(f.rule)}, ${escapeMarkdown(f.ecosystem)}) in ${f.runs} runs: apply \`chaos-ci audit --fix\` or record why it is intended.`,
      evidence: { name: f.name, rule: f.rule, runs: f.runs }
    }))
}

/** Every recommendation the data supports, most specific first. */
export function recommend(data: Data, failed: readonly FailureRow[]): Recommendation[] {
  return [
    ...recurringModules(failed),
    ...unhealedCategories(data, failed),
    ...scenarioProblems(data),
    ...trends(data),
    ...flakyCategories(data),
    ...recurringFindings(data)
  ]
}
