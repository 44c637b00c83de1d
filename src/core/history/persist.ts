/**
 * Keeping the history between runs in an immutable, evicting cache (research/action_anchors.md §3):
 * - every save goes under a new key (`<prefix><run_id>-<attempt>`); restores take the newest;
 * - before saving, the newest entries are restored again and merged (a union), so jobs that save at
 *   nearly the same time lose nothing; with the REST caches API several entries are merged, without
 *   it the newest one by prefix;
 * - a damaged entry is set aside (kept for diagnosis) and the next older one used;
 * - a failed save (-1) or restore miss is reported, never silent; old entries beyond `keep` are pruned.
 */
import { rename } from 'node:fs/promises'

import type { Database } from 'sql.js'

import { UserError } from '../errors.js'
import { openBytes, openHistory, saveHistory } from './db.js'
import { mergeInto } from './merge.js'
import { applyRetention } from './retention.js'

/** The cache, as @actions/cache offers it. */
export interface CacheStore {
  /** Restores `key` exactly, or the newest entry starting with a restore key, to `path`; returns the matched key. */
  restore(path: string, key: string, restoreKeys: string[]): Promise<string | undefined>
  /** Saves `path` under `key`; -1 when the service refused or failed. */
  save(path: string, key: string): Promise<number>
}

/** The REST caches API, when the token may use it. */
export interface CacheIndex {
  /** Entries whose key starts with `prefix`, newest first. */
  list(prefix: string): Promise<Array<{ id: number; key: string }>>
  remove(id: number): Promise<void>
}

export interface Persistence {
  store: CacheStore
  index?: CacheIndex
  prefix: string
  log: (level: 'info' | 'warning', message: string) => void
}

export interface Restored {
  db: Database
  matchedKey?: string
  /** Files of damaged entries, moved aside. */
  setAside: string[]
}

async function listed(p: Persistence): Promise<Array<{ id: number; key: string }> | undefined> {
  if (!p.index) return undefined
  try {
    return await p.index.list(p.prefix)
  } catch (error) {
    p.log(
      'warning',
      `cannot list history cache entries (${(error as Error).message}); using the newest by prefix only. Give the token actions: read to merge every recent entry.`
    )
    return undefined
  }
}

/** Restores one entry (exact key, or newest by prefix) and opens it; a damaged one is set aside. */
async function restoreOne(
  p: Persistence,
  dbPath: string,
  key: string | undefined,
  setAside: string[]
): Promise<{ db?: Database; matched?: string }> {
  const matched = key
    ? await p.store.restore(dbPath, key, [])
    : await p.store.restore(dbPath, `${p.prefix}latest`, [p.prefix])
  if (!matched) return {}
  try {
    // a restored copy may be damaged: every page is checked before it is used or merged
    return { db: await openHistory(dbPath, 'full'), matched }
  } catch (error) {
    if (!(error instanceof UserError)) throw error
    const aside = `${dbPath}.damaged-${matched}`
    // keep the bad file for diagnosis; if it cannot be moved, it is simply not used
    if (
      await rename(dbPath, aside).then(
        () => true,
        () => false
      )
    )
      setAside.push(aside)
    p.log(
      'warning',
      `history entry ${matched} ${error.message} It was set aside as ${aside}; using an older entry.`
    )
    return { matched }
  }
}

/** Restores the newest usable history, or starts a new one. */
export async function restoreHistory(
  p: Persistence,
  dbPath: string,
  maxTries = 5
): Promise<Restored> {
  const setAside: string[] = []
  const entries = await listed(p)
  const candidates: Array<string | undefined> = entries
    ? entries.slice(0, maxTries).map(e => e.key)
    : [undefined]
  for (const key of candidates) {
    const { db, matched } = await restoreOne(p, dbPath, key, setAside)
    if (db) return { db, matchedKey: matched!, setAside }
  }
  // with the REST listing an empty cache is known to be a first run; a prefix miss could also be an eviction
  if (candidates.length === 0)
    p.log('info', 'no history in the cache yet: starting a new one (normal on the first run)')
  else if (setAside.length === 0 && !entries) {
    p.log(
      'warning',
      'no history entry was restored: starting a new one. This is normal on the first run; otherwise the cache evicted it (7 days unused) — keep a durable-branch copy.'
    )
  }
  return { db: await openBytes(dbPath, undefined), setAside }
}

/** Merges the newest saved entries into `db`; returns how many entries were merged and rows added. */
export async function mergeNewest(
  p: Persistence,
  db: Database,
  dbPath: string,
  limit = 10,
  alreadyHave: readonly string[] = []
): Promise<{ entries: number; rows: number; setAside: string[] }> {
  const setAside: string[] = []
  const entries = await listed(p)
  // the entry this job restored is already in `db`: merging it again would only cost time
  const keys: Array<string | undefined> = entries
    ? entries
        .slice(0, limit)
        .map(e => e.key)
        .filter(key => !alreadyHave.includes(key))
    : [undefined]
  let merged = 0
  let rows = 0
  for (const key of keys) {
    const { db: other } = await restoreOne(p, dbPath, key, setAside)
    if (!other) continue
    rows += Object.values(mergeInto(db, other)).reduce((a, b) => a + b, 0)
    other.close()
    merged++
  }
  return { entries: merged, rows, setAside }
}

export interface SaveOutcome {
  savedKey?: string
  merged: { entries: number; rows: number }
  pruned: number
}

/** Merges, applies retention, writes and saves `db` under `key` (a fallback key if taken), then prunes beyond `keep`. */
export async function persistHistory(
  p: Persistence,
  db: Database,
  dbPath: string,
  key: string,
  keep: number,
  fallbackSuffix: string,
  retentionDays = 0,
  alreadyHave: readonly string[] = []
): Promise<SaveOutcome> {
  const merged = await mergeNewest(p, db, dbPath, 10, alreadyHave)
  applyRetention(db, retentionDays)
  await saveHistory(db, dbPath)
  let savedKey: string | undefined
  for (const candidate of [key, `${key}-${fallbackSuffix}`]) {
    if ((await p.store.save(dbPath, candidate)) !== -1) {
      savedKey = candidate
      break
    }
    p.log(
      'warning',
      `saving the history under ${candidate} failed (the cache service refused it or is unavailable)${candidate === key ? '; trying another key' : ''}.`
    )
  }
  let pruned = 0
  if (savedKey && p.index && keep > 0) {
    const entries = (await listed(p)) ?? []
    for (const entry of entries.slice(keep)) {
      try {
        await p.index.remove(entry.id)
        pruned++
      } catch (error) {
        p.log(
          'warning',
          `cannot prune history cache entry ${entry.key} (${(error as Error).message}); give the token actions: write to prune.`
        )
        break
      }
    }
  }
  return {
    ...(savedKey ? { savedKey } : {}),
    merged: { entries: merged.entries, rows: merged.rows },
    pruned
  }
}
