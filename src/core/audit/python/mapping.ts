/**
 * Which distribution provides an import, and how sure we are:
 * - high: the user's map, or the metadata of an installed distribution (top_level.txt, RECORD);
 * - medium: the curated table (distributions.ts);
 * - low: a guess that the distribution is named like the import.
 * Dotted names resolve by their longest known prefix, so `google.cloud.storage` finds
 * google-cloud-storage while a bare `google` finds nothing certain.
 */
import { normalizeDist } from '../names.js'
import { CURATED } from './distributions.js'

export type Confidence = 'high' | 'medium' | 'low'

export interface Resolution {
  /** Distributions that provide the import, as spelled by their source. Any one satisfies it. */
  candidates: string[]
  confidence: Confidence
  source: 'user-map' | 'installed' | 'curated' | 'identity'
  /** Matched key (the dotted prefix that decided). */
  key: string
}

/** Dotted module prefix → distributions, from installed metadata. */
export type InstalledIndex = ReadonlyMap<string, readonly string[]>

/** The longest dotted prefix of `dotted` that `has` accepts, e.g. google.cloud.storage.Client → google.cloud.storage. */
function longestPrefix(dotted: string, has: (key: string) => boolean): string | undefined {
  const parts = dotted.split('.')
  for (let length = parts.length; length > 0; length--) {
    const key = parts.slice(0, length).join('.')
    if (has(key)) return key
  }
  return undefined
}

const asList = (value: string | readonly string[]): string[] =>
  typeof value === 'string' ? [value] : [...value]

/** The dotted paths an import statement reaches: `from a.b import c` reaches a.b.c (c may be a module). */
export function reachedModules(module: string, names: readonly string[]): string[] {
  return names.length > 0 ? names.map(name => `${module}.${name}`) : [module]
}

/** Resolves one dotted import path to its providing distributions. */
export function resolveImport(
  dotted: string,
  userMap: Readonly<Record<string, string | readonly string[]>>,
  installed: InstalledIndex
): Resolution {
  const user = longestPrefix(dotted, key => key in userMap)
  if (user)
    return { candidates: asList(userMap[user]!), confidence: 'high', source: 'user-map', key: user }
  const found = longestPrefix(dotted, key => installed.has(key))
  if (found)
    return {
      candidates: [...installed.get(found)!],
      confidence: 'high',
      source: 'installed',
      key: found
    }
  const curated = longestPrefix(dotted, key => key in CURATED)
  if (curated && asList(CURATED[curated]!).length > 0)
    return {
      candidates: asList(CURATED[curated]!),
      confidence: 'medium',
      source: 'curated',
      key: curated
    }
  const top = dotted.split('.')[0]!
  return { candidates: [top.replace(/_/g, '-')], confidence: 'low', source: 'identity', key: top }
}

/** True when any candidate is among the declared (normalised) names. */
export function isDeclared(resolution: Resolution, declared: ReadonlySet<string>): boolean {
  return resolution.candidates.some(name => declared.has(normalizeDist(name)))
}
