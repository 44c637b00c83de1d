/** "Did you mean …?": the closest known word to a misspelling, by edit distance. */

/** Levenshtein distance between two strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
    }
    previous = current
  }
  return previous[b.length]!
}

/** The candidate closest to `word` (case-insensitive), if close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase()
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase())
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance]
  }
  if (best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3))) return best
  return withUnit(lower, candidates)
}

/**
 * The one candidate that is `word` with a unit or qualifier after an underscore (`delay` →
 * `delay_ms`, `error_rate` → `error_rate_percent`): parameter names carry their units.
 */
function withUnit(lower: string, candidates: readonly string[]): string | undefined {
  if (lower.length < 3) return undefined
  const longer = candidates.filter(c => c.toLowerCase().startsWith(`${lower}_`))
  return longer.length === 1 ? longer[0] : undefined
}

/** ` Did you mean 'x'?` or '' — ready to append to a message. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = closest(word, candidates)
  return match ? ` Did you mean '${match}'?` : ''
}
