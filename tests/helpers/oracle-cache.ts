/**
 * What a deterministic oracle (the TypeScript compiler's syntax tree, CPython's ast) answered for a
 * file's content, kept between runs: parsing 20,000 unchanged files again with the oracle was most of
 * `npm test`'s time and proves nothing new, while our extractor still runs on every file each time
 * (docs/testing.md). The cache file's name carries the oracle's version (its source, the compiler's
 * or Python's version), so any change there starts afresh. It lives in CHAOS_CI_TEST_CACHE, which
 * tests/setup/temp-root.mjs sets to a folder of the OS temp dir that outlives the run, as jest's own
 * transform cache does; CHAOS_CI_TEST_CACHE=off asks every file of the oracle again.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export interface OracleCache<T> {
  get(key: string): T | undefined
  set(key: string, value: T): void
  /** How many answers came from an earlier run, and how many were asked this run. */
  readonly counts: { cached: number; asked: number }
  /** Writes the answers back (atomically), if any were asked. */
  save(): void
}

/** A key for `content` as the oracle saw it; `parts` add what else it depends on (a file's kind). */
export function contentKey(content: string | Buffer, ...parts: string[]): string {
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 32)
  return [...parts, hash].join(':')
}

/** The cache of oracle `name` at `version`; without CHAOS_CI_TEST_CACHE, one for this run only. */
export function oracleCache<T>(name: string, version: string): OracleCache<T> {
  const dir = process.env.CHAOS_CI_TEST_CACHE
  const enabled = !!dir && dir !== 'off'
  const tag = createHash('sha256').update(version).digest('hex').slice(0, 16)
  const file = enabled ? path.join(dir, `${name}-${tag}.json`) : null
  const stored = file ? load<T>(file) : new Map<string, T>()
  const counts = { cached: 0, asked: 0 }
  return {
    counts,
    get(key) {
      const value = stored.get(key)
      if (value !== undefined) counts.cached++
      return value
    },
    set(key, value) {
      counts.asked++
      stored.set(key, value)
    },
    save() {
      if (!file || counts.asked === 0) return
      mkdirSync(path.dirname(file), { recursive: true })
      const temp = `${file}.${process.pid}.tmp`
      writeFileSync(temp, JSON.stringify(Object.fromEntries(stored)))
      renameSync(temp, file)
    }
  }
}

/** The stored answers; a missing or unreadable file is an empty cache. */
function load<T>(file: string): Map<string, T> {
  try {
    return new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, T>))
  } catch {
    return new Map()
  }
}
