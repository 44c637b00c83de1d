/**
 * The history's cache tier on the runner: @actions/cache for entries, and the REST caches API
 * (through Octokit) to list and prune them. @actions/cache never throws for a failed save (it
 * returns -1) or restore (undefined); callers check and report those. Both libraries are loaded only
 * when used (they are most of the bundle's weight), so other actions start faster.
 */
import * as core from '@actions/core'

import type { CacheIndex, CacheStore } from '../core/history/persist.js'
import { currentRepository } from './event.js'
import { createOctokit } from './octokit.js'

/** @actions/cache as a CacheStore. Paths are used exactly as given: the path string is part of the entry's version. */
export const actionsCacheStore: CacheStore = {
  restore: async (path, key, restoreKeys) => {
    try {
      const cache = await import('@actions/cache')
      return await cache.restoreCache([path], key, restoreKeys)
    } catch (error) {
      core.warning(`history cache restore failed: ${(error as Error).message}`)
      return undefined
    }
  },
  save: async (path, key) => {
    try {
      const cache = await import('@actions/cache')
      return await cache.saveCache([path], key)
    } catch (error) {
      core.warning(`history cache save failed: ${(error as Error).message}`)
      return -1
    }
  }
}

/** `owner/repo` of this run, from GITHUB_REPOSITORY. */
/** The REST caches API for this repository, or undefined without a token. */
export function restCacheIndex(
  token: string,
  repository = currentRepository()
): CacheIndex | undefined {
  if (!token || !repository.owner) return undefined
  const { owner, repo } = repository
  const octokit = createOctokit(token, line => core.info(line))
  return {
    list: async prefix => {
      const response = await octokit.rest.actions.getActionsCacheList({
        owner,
        repo,
        key: prefix,
        sort: 'created_at',
        direction: 'desc',
        per_page: 100
      })
      return response.data.actions_caches.flatMap(entry =>
        entry.id !== undefined && entry.key ? [{ id: entry.id, key: entry.key }] : []
      )
    },
    remove: async id => {
      await octokit.rest.actions.deleteActionsCacheById({ owner, repo, cache_id: id })
    }
  }
}
