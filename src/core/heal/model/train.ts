/**
 * Trains the corpus model: a softmax (multinomial logistic) regression from the features of
 * tokens.ts to the category. Plain Adagrad with a fixed seed, so the same cases always give the same
 * weights (a test retrains and compares with weights.ts).
 */
import { CATEGORIES, type Category } from '../rules.js'
import { features } from './tokens.js'

/** One labelled failure, as the corpus keeps it. */
export interface TrainingCase {
  log: string
  exit_code: number
  category: Category
}

/** The trained weights: per feature, one weight per category. */
export interface ModelData {
  categories: readonly Category[]
  bias: number[]
  weights: Record<string, number[]>
  /** What it was trained on, for the record: the file and its number of cases. */
  trainedOn: string
  cases: number
}

export interface TrainSettings {
  epochs: number
  rate: number
  l2: number
  /** A feature is kept when at least this many cases have it. */
  minCases: number
  /** Weights are rounded to this many decimals; features whose weights all round to 0 are dropped. */
  decimals: number
}

export const TRAIN_SETTINGS: TrainSettings = {
  epochs: 30,
  rate: 0.2,
  l2: 1e-4,
  minCases: 3,
  decimals: 2
}

/** A small deterministic generator (an LCG), for the shuffle. */
function generator(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31
    return state / 2 ** 31
  }
}

interface Head {
  weights: Float64Array[]
  bias: Float64Array
  squares: Float64Array[]
  biasSquares: Float64Array
}

function head(classes: number, size: number): Head {
  const zeros = (fill: number): Float64Array[] =>
    Array.from({ length: classes }, () => new Float64Array(size).fill(fill))
  return {
    weights: zeros(0),
    bias: new Float64Array(classes),
    squares: zeros(1e-8),
    biasSquares: new Float64Array(classes).fill(1e-8)
  }
}

/** One Adagrad step on one case. */
function step(h: Head, x: number[], label: number, s: TrainSettings): void {
  const scale = 1 / Math.sqrt(x.length || 1)
  const scores = h.weights.map((row, k) => h.bias[k]! + x.reduce((a, f) => a + row[f]!, 0) * scale)
  const top = Math.max(...scores)
  const exp = scores.map(v => Math.exp(v - top))
  const sum = exp.reduce((a, b) => a + b, 0)
  h.weights.forEach((row, k) => {
    const gradient = exp[k]! / sum - (k === label ? 1 : 0)
    h.biasSquares[k]! += gradient * gradient
    h.bias[k]! -= (s.rate * gradient) / Math.sqrt(h.biasSquares[k]!)
    const squares = h.squares[k]!
    for (const f of x) {
      const g = gradient * scale + s.l2 * row[f]!
      squares[f]! += g * g
      row[f]! -= (s.rate * g) / Math.sqrt(squares[f]!)
    }
  })
}

const round = (value: number, decimals: number): number => {
  const r = Math.round(value * 10 ** decimals) / 10 ** decimals
  return r === 0 ? 0 : r
}

/** Trains the model on the cases. */
export function train(
  cases: readonly TrainingCase[],
  trainedOn: string,
  s: TrainSettings = TRAIN_SETTINGS
): ModelData {
  const perCase = cases.map(c => features(c.log, c.exit_code))
  const counts = new Map<string, number>()
  for (const list of perCase) for (const f of list) counts.set(f, (counts.get(f) ?? 0) + 1)
  const vocabulary = [...counts].filter(([, n]) => n >= s.minCases).map(([f]) => f)
  vocabulary.sort()
  const index = new Map(vocabulary.map((f, i) => [f, i]))
  const xs = perCase.map(list => list.filter(f => index.has(f)).map(f => index.get(f)!))
  const category = head(CATEGORIES.length, vocabulary.length)
  const order = cases.map((_, i) => i)
  const random = generator(1)
  for (let epoch = 0; epoch < s.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[order[i], order[j]] = [order[j]!, order[i]!]
    }
    for (const i of order) {
      step(category, xs[i]!, CATEGORIES.indexOf(cases[i]!.category), s)
    }
  }
  const weights: Record<string, number[]> = {}
  vocabulary.forEach((f, i) => {
    const row = category.weights.map(w => round(w[i]!, s.decimals))
    if (row.some(w => w !== 0)) weights[f] = row
  })
  return {
    categories: CATEGORIES,
    bias: Array.from(category.bias, b => round(b, s.decimals)),
    weights,
    trainedOn,
    cases: cases.length
  }
}
