/**
 * Figures the reliability tests measure, for docs/reliability.md: each is appended as one JSON line
 * to the file RELIABILITY_FIGURES names (set by scripts/reliability.mjs); without it they are only
 * returned, so a single test file can also run alone.
 */
import { appendFileSync } from 'node:fs'

export interface Figure {
  section: string
  name: string
  value: string
}

export function figure(section: string, name: string, value: string | number): Figure {
  const entry = {
    section,
    name,
    value: typeof value === 'number' ? value.toLocaleString('en') : value
  }
  const file = process.env.RELIABILITY_FIGURES
  if (file) appendFileSync(file, `${JSON.stringify(entry)}\n`)
  return entry
}
