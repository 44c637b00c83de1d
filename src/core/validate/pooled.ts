/**
 * The pooled row ("all scenarios"): each general SLO (the file's, the environment's, the `slos`
 * input) judged once over the scenarios held to it. A scenario whose own `slo:` sets a threshold for
 * that SLO is left out of it, so the pooled row never re-judges a scenario at a threshold its own
 * row replaced (issue #20); its own row decides for it. See docs/slos.md, "The pooled row".
 */
import type { ScenarioResult } from '../experiment/result.js'
import type { Check } from '../slo/keys.js'
import { measure, measureMttr, overallFromResults, scenarioFromResult } from '../slo/measure.js'
import type { ResolvedSlo } from '../slo/resolve.js'
import { type JudgeSettings, judgeSlo, type SloVerdict } from './judge.js'

/** A pooled SLO verdict: which scenarios it pooled, and which it left to their own rows. */
export interface PooledVerdict extends SloVerdict {
  /** The scenarios whose requests this row pooled: every judged one held to these thresholds. */
  pooled: string[]
  /** Scenarios left out because their own `slo:` sets this SLO: their own row decides. */
  own_slo: string[]
}

/** A scenario that ran its fault, with the SLOs in force for it. */
export interface JudgedScenario {
  result: ScenarioResult
  slos: readonly ResolvedSlo[]
}

function same(a: Check | null, b: Check | null): boolean {
  if (a === null || b === null) return a === b
  return a.source === b.source && a.text === b.text && a.op === b.op && a.threshold === b.threshold
}

/** Whether a scenario's SLOs hold it to the general thresholds of `slo` (its own slo does not replace them). */
export function heldTo(slo: ResolvedSlo, scenarioSlos: readonly ResolvedSlo[]): boolean {
  const own = scenarioSlos.find(s => s.key === slo.key)
  return own !== undefined && same(own.blocking, slo.blocking) && same(own.warning, slo.warning)
}

/**
 * Judges each general SLO over the scenarios held to it. An SLO every judged scenario replaces with
 * its own has nothing left to pool and no row.
 */
export function judgePooled(
  general: readonly ResolvedSlo[],
  judged: readonly JudgedScenario[],
  settings: JudgeSettings
): PooledVerdict[] {
  const rows: PooledVerdict[] = []
  for (const slo of general) {
    const held = judged.filter(scenario => heldTo(slo, scenario.slos))
    if (held.length === 0) continue
    const results = held.map(scenario => scenario.result)
    const measured =
      slo.metric === 'mttr'
        ? measureMttr(results.map(scenarioFromResult))
        : measure(overallFromResults(results), slo.metric, slo.stat)
    rows.push({
      ...judgeSlo(slo, measured, settings, null),
      pooled: results.map(r => r.name),
      own_slo: judged.filter(scenario => !heldTo(slo, scenario.slos)).map(s => s.result.name)
    })
  }
  return rows
}
