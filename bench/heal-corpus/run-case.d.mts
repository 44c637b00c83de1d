/** Types for run-case.mjs (the healing corpus runner). */
import type { HealJournal } from '../../src/core/heal/journal.js'

export interface CorpusCase {
  name: string
  description: string
  healable: boolean
  category: string
  command: string
  setup?: string
  background?: string
  inputs?: Record<string, string>
}

export interface Corpus {
  about: string
  defaults: Record<string, string>
  cases: CorpusCase[]
}

export interface CaseResult {
  name: string
  healable: boolean
  expected: string
  exitCode: number | null
  wallMs: number
  journal: HealJournal
  output: string
}

export interface Judgement {
  categoryRight: boolean
  healed: boolean
  retried: boolean
  right: boolean
  falseHeal: boolean
}

export function loadCorpus(): Corpus
export type Mode = 'chaos-ci' | 'retry-any'
export function retryAnyInputs(inputs: Record<string, string>): Record<string, string>
export function runCase(
  spec: CorpusCase,
  defaults: Record<string, string>,
  mode?: Mode
): Promise<CaseResult>
export function judge(result: CaseResult): Judgement
export function runCorpus(options?: {
  concurrency?: number
  only?: string[]
  mode?: Mode
}): Promise<CaseResult[]>
export function score(results: CaseResult[]): {
  cases: number
  healable: number
  healRate: number
  falseHealRate: number
  falseGreenRate: number
  classificationAccuracy: number
  medianTimeToHealMs: number
  medianWallToHealMs: number
  judged: Array<CaseResult & Judgement>
}
