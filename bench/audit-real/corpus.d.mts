/** Types for corpus.mjs: the real-world audit corpus and its hand-checked expected findings. */
export type Split = 'tune' | 'heldout'
export interface CorpusRepo {
  repo: string
  commit: string
  split: Split
  roots: string[]
  language: string
  kind: string
  why_chosen: string
  split_adjusted?: string
  roots_not_checked?: string[]
  absent_from_snapshot?: string[]
}
export interface Finding {
  name: string
  evidence: string
  reason: string
}
export interface RootFindings {
  missing: Finding[]
  unused: Finding[]
  used_implicitly: Finding[]
  uncertain: Finding[]
  notes: Record<string, string>
}
export interface Expected {
  repo: string
  commit: string
  roots: Record<string, RootFindings>
}
export const HERE: string
export const SPLITS: readonly Split[]
export const HELDOUT_SIZE: number
export const KINDS: readonly string[]
export function hashSplit(repo: string): Split
export function expectedFile(repo: string): string
export function validateRepo(entry: unknown, where: string): string[]
export function validateExpected(expected: unknown, entry: CorpusRepo, where: string): string[]
export function validateCorpus(manifest: unknown, expectedByFile: Record<string, unknown>): string[]
export function loadCorpus(dir?: string): {
  manifest: CorpusRepo[]
  expectedByFile: Record<string, Expected>
}
export function snapshotDir(repo: string, env?: Record<string, string | undefined>): string | null
