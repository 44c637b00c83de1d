/** The report's data: every figure for the window and the window before it, then the advice. */
import type { Database } from 'sql.js'

import type { ReportData } from './data.js'
import { topPatterns } from './patterns.js'
import {
  auditFindings,
  daily,
  dependencyChanges,
  executive,
  failures,
  healing,
  scenarios
} from './queries.js'
import { recommend } from './recommend.js'
import { daysOf, windows } from './window.js'

export interface ReportOptions {
  /** The end of the window (now). */
  end: Date
  lookbackDays: number
  /** Rows per table at most. */
  limit?: number
}

/** Computes the report from the history database. */
export function buildReport(db: Database, options: ReportOptions): ReportData {
  const { current, previous } = windows(options.end, options.lookbackDays)
  const limit = options.limit ?? 10
  const byDay = new Map(daily(db, current).map(row => [row.day, row]))
  const failed = failures(db, current)
  const categories = new Map<string, number>()
  for (const f of failed) categories.set(f.category, (categories.get(f.category) ?? 0) + 1)
  const data: Omit<ReportData, 'recommendations'> = {
    generated_at: options.end.toISOString(),
    lookback_days: options.lookbackDays,
    window: current,
    previous_window: previous,
    executive: executive(db, current),
    previous: executive(db, previous),
    daily: daysOf(current).map(day => byDay.get(day) ?? { day, runs: 0, passed: 0 }),
    failures: {
      total: failed.length,
      by_category: [...categories.entries()]
        .map(([category, count]) => ({ category, count }))
        .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
      patterns: topPatterns(failed, limit)
    },
    previous_failures: failures(db, previous).length,
    healing: healing(db, current),
    scenarios: scenarios(db, current),
    previous_scenarios: scenarios(db, previous),
    dependencies: dependencyChanges(db, current),
    findings: auditFindings(db, current)
  }
  return { ...data, recommendations: recommend(data, failed) }
}
