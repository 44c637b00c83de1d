/** Types for run.mjs: the real-world audit bench and its scoring. */
import type { CorpusRepo, Expected } from './corpus.mjs'
export interface BenchFinding {
  rule: string
  name: string
  names?: string[]
  file: string
  line?: number
}
export interface Judged extends BenchFinding {
  root: string | null
  expectedKind?: string | null
  verdict: 'right' | 'wrong' | 'not-scored' | 'other-rule' | 'unchecked-root'
}
export interface RunScore {
  judged: Judged[]
  missing: { reported: number; right: number }
  unused: { reported: number; right: number }
  expectedMissing: number
  foundMissing: number
  notFound: Array<{ root: string; name: string; evidence: string }>
  notScored: number
  falseAlarms: number
}
export const DEFAULT_FAIL_ON: string[]
export function norm(name: string): string
export function entryNames(entry: { name: string; evidence: string }): string[]
export function within(child: string, root: string): boolean
export function ownerRoot(file: string, roots: string[]): string | null
export function judgeRun(args: {
  findings: BenchFinding[]
  expected: Expected | { repo: string; commit: string; roots: Record<string, unknown> }
  entry: Pick<CorpusRepo, 'repo' | 'roots' | 'roots_not_checked'>
  runRoot: string
  failOn?: string[]
  onlyRoots?: string[]
}): RunScore
export function knipFindings(report: unknown, runRoot: string): BenchFinding[]
export function knipBin(env?: Record<string, string | undefined>): string | null
export function measure(options?: {
  splits?: string[]
  env?: Record<string, string | undefined>
  knip?: boolean
}): unknown
export function auditRealSection(options?: { env?: Record<string, string | undefined> }): string
