/**
 * The weekly report's data: every figure for the window and the window before it, and the advice.
 * A leaf module: ./build.ts computes it, ./render.ts and ./recommend.ts read it.
 */
import type { Pattern } from './patterns.js'
import type {
  DailyRow,
  DependencyRow,
  Executive,
  FindingRow,
  HealingRow,
  ScenarioRow
} from './queries.js'
import type { Window } from './window.js'

/** One piece of advice, from the data. */
export interface Recommendation {
  /** Which rule made it: stable, for tests and for people who want to silence one. */
  rule: string
  /** Markdown; outside text in it is escaped. */
  markdown: string
  /** The numbers it cites. */
  evidence: Record<string, number | string | null>
}

export interface ReportData {
  generated_at: string
  lookback_days: number
  window: Window
  previous_window: Window
  executive: Executive
  previous: Executive
  /** One row per day of the window, days without runs included. */
  daily: DailyRow[]
  failures: {
    total: number
    by_category: Array<{ category: string; count: number }>
    patterns: Pattern[]
  }
  previous_failures: number
  healing: HealingRow[]
  scenarios: ScenarioRow[]
  previous_scenarios: ScenarioRow[]
  dependencies: DependencyRow[]
  findings: FindingRow[]
  recommendations: Recommendation[]
}
