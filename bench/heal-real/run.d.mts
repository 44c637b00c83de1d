/** Types for run.mjs: the real-world corpus through dist/heal/index.js. */
import type { RealCase, Split } from './cases.mjs'

export { loadCases } from './cases.mjs'
export const INPUTS: Record<string, string>
interface Attempt {
  category: string | null
  rule: string | null
  matched_line: string | null
  why: string | null
  decision: 'retry' | 'stop' | null
  reason: string | null
}
export interface Judged {
  spec: RealCase & { split: Split }
  exitCode: number | null
  wallMs: number
  journal: { outcome: string; category: string | null; attempts: Attempt[]; duration_ms: number }
  category: string | null
  categoryRight: boolean
  green: boolean
  retried: boolean
  right: boolean
}
export interface Figures {
  cases: number
  transient: number
  deterministic: number
  healRate: number
  deterministicGreen: number
  deterministicRetried: number
  accuracy: number
  right: number
  medianTimeToHealMs: number
  medianWallToHealMs: number
}
export function runCases(
  cases: Array<RealCase & { split: Split }>,
  options?: { mode?: 'chaos-ci' | 'retry-any'; inputs?: Record<string, string> },
  concurrency?: number
): Promise<Judged[]>
export function figures(results: Judged[]): Figures
export function figuresBy(
  results: Judged[],
  key: (r: Judged) => string
): Array<Figures & { name: string }>
