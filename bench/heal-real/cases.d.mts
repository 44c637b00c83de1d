/** Types for cases.mjs: one case of the real-world healing corpus. */
export interface RealCase {
  id: string
  source: string
  tool: string
  family: string
  exit_code: number
  exit_code_from: 'log' | 'tool'
  log: string
  category: string
  transient: boolean
  why: string
}
export type Split = 'tune' | 'heldout'
export const CATEGORIES: readonly string[]
export const SPLITS: readonly Split[]
export function validateCase(c: unknown): string[]
export function loadCases(split?: Split): Array<RealCase & { split: Split }>
