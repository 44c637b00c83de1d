/** The report's time windows: the last N days up to a moment, and the N days before them. */

export interface Window {
  /** Inclusive, ISO-8601 UTC. */
  from: string
  /** Exclusive, ISO-8601 UTC. */
  to: string
}

const DAY_MS = 86_400_000

/** The window of `days` days ending at `end`, and the same length just before it. */
export function windows(end: Date, days: number): { current: Window; previous: Window } {
  const to = end.getTime()
  const from = to - days * DAY_MS
  return {
    current: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    previous: {
      from: new Date(from - days * DAY_MS).toISOString(),
      to: new Date(from).toISOString()
    }
  }
}

/** The UTC days of a window, oldest first, as YYYY-MM-DD. */
export function daysOf(window: Window): string[] {
  const days: string[] = []
  const last = Date.parse(window.to) - 1
  for (let t = Date.parse(window.from.slice(0, 10)); t <= last; t += DAY_MS)
    days.push(new Date(t).toISOString().slice(0, 10))
  return days
}

/** The ISO week of a date, as 2026-W48 (for one report issue per week). */
export function isoWeek(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()))
  const weekday = day.getUTCDay() || 7
  day.setUTCDate(day.getUTCDate() + 4 - weekday)
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1)
  const week = Math.ceil(((day.getTime() - yearStart) / DAY_MS + 1) / 7)
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`
}
