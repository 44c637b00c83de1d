/**
 * Reads a failure no rule matched with the corpus model: the most likely category, and the line and
 * words that weigh most for it, so the journal can say why.
 */
import type { Category } from '../rules.js'
import { features, lineFeatures, modelLines } from './tokens.js'
import type { ModelData } from './train.js'

export interface ModelReading {
  category: Category
  /** The category's probability under the model, 0-1. */
  confidence: number
  /** The line that weighs most for the category (null when no line has a known word). */
  line: string | null
  lineNumber: number | null
  /** The known words that weigh most for the category, most first. */
  words: string[]
}

/** The line whose known words weigh most for category k (a later line wins a tie). */
function decisiveLine(model: ModelData, output: string, k: number) {
  const lines = modelLines(output)
  const offset = output.split(/\r?\n/).length - lines.length
  let best: { line: string; lineNumber: number; weight: number } | null = null
  lines.forEach((line, i) => {
    if (!line.trim()) return
    const weight = lineFeatures(line).reduce((sum, f) => sum + (model.weights[f]?.[k] ?? 0), 0)
    if (weight > 0 && (!best || weight >= best.weight))
      best = { line: line.trim(), lineNumber: offset + i + 1, weight }
  })
  return best as { line: string; lineNumber: number } | null
}

/** The model's reading of an output and its exit status. */
export function readFailure(model: ModelData, output: string, status: number | null): ModelReading {
  const known = features(output, status).filter(f => f in model.weights)
  const scale = 1 / Math.sqrt(known.length || 1)
  const scores = model.bias.map(
    (b, k) => b + known.reduce((sum, f) => sum + model.weights[f]![k]!, 0) * scale
  )
  const top = Math.max(...scores)
  const exp = scores.map(s => Math.exp(s - top))
  const total = exp.reduce((a, b) => a + b, 0)
  const k = scores.indexOf(top)
  const words = known
    .filter(f => model.weights[f]![k]! > 0)
    .sort((a, b) => model.weights[b]![k]! - model.weights[a]![k]! || (a < b ? -1 : 1))
    .slice(0, 3)
  const line = decisiveLine(model, output, k)
  return {
    category: model.categories[k]!,
    confidence: exp[k]! / total,
    line: line?.line ?? null,
    lineNumber: line?.lineNumber ?? null,
    words
  }
}
