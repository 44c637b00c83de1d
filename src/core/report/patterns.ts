/**
 * Failure messages as patterns: the parts that differ between two occurrences of the same failure
 * (numbers, ids, paths, URLs, quoted names) are replaced, so that "the same failure" counts once.
 * Missing modules are read out of their messages for the recommendations.
 */

const RULES: Array<[RegExp, string]> = [
  [/\bhttps?:\/\/[^\s'"<>)]+/g, '<url>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>'],
  [/\b[0-9a-f]{7,}\b/gi, '<id>'],
  [/(?:^|(?<=[\s'"(=:]))(?:\/[\w.@+-]+){2,}\/?/g, '<path>'],
  [/'[^'\n]{1,80}'/g, "'…'"],
  [/"[^"\n]{1,80}"/g, '"…"'],
  [/\b\d+(?:\.\d+)*\b/g, '<n>'],
  [/\s+/g, ' ']
]

/** The message with its varying parts replaced; at most 160 characters. */
export function normalizeMessage(message: string): string {
  let text = message.trim()
  for (const [pattern, replacement] of RULES) text = text.replace(pattern, replacement)
  return text.length > 160 ? `${text.slice(0, 159)}…` : text
}

export interface Pattern {
  pattern: string
  count: number
  /** The categories it was seen under. */
  categories: string[]
  /** One real message, for context. */
  example: string
}

/** The most common patterns, most frequent first. */
export function topPatterns(
  failures: ReadonlyArray<{ category: string; message: string | null }>,
  limit: number
): Pattern[] {
  const patterns = new Map<string, Pattern>()
  for (const failure of failures) {
    if (!failure.message) continue
    const key = normalizeMessage(failure.message)
    const entry = patterns.get(key) ?? {
      pattern: key,
      count: 0,
      categories: [],
      example: failure.message.slice(0, 200)
    }
    entry.count++
    if (!entry.categories.includes(failure.category)) entry.categories.push(failure.category)
    patterns.set(key, entry)
  }
  return [...patterns.values()]
    .sort((a, b) => b.count - a.count || a.pattern.localeCompare(b.pattern))
    .slice(0, limit)
}

/** A module a failure said was missing: Python's or Node's wording. */
export function missingModule(
  message: string
): { ecosystem: 'python' | 'node'; module: string } | null {
  const python = /No module named ['"]?([\w.]+)['"]?/.exec(message)
  if (python) return { ecosystem: 'python', module: python[1]!.split('.')[0]! }
  const node = /Cannot find (?:module|package) ['"]([^'"]+)['"]/.exec(message)
  if (node && !node[1]!.startsWith('.') && !node[1]!.startsWith('/'))
    return { ecosystem: 'node', module: node[1]! }
  return null
}
