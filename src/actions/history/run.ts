/**
 * The `history` action. Main restores the history DB from the cache; post (always, even after a
 * failure) records this job's results files, merges the newest saved entries, saves under a new key
 * and prunes old ones. Pull-request runs restore but do not save. Both hold the DB file's writer's
 * lock while they change it (docs/history.md). Separate main and post entries.
 */
import { existsSync } from 'node:fs'

import * as core from '@actions/core'
import type { Database } from 'sql.js'

import { openHistory, saveHistory } from '../../core/history/db.js'
import { type DataBranch, loadFromBranch, saveToBranch } from '../../core/history/durable.js'
import { recordFiles } from '../../core/history/files.js'
import { withLock } from '../../core/history/lock.js'
import { mergeInto } from '../../core/history/merge.js'
import {
  type Persistence,
  persistHistory,
  restoreHistory,
  type SaveOutcome
} from '../../core/history/persist.js'
import { expandInputs } from '../../core/results/files.js'
import { actionsCacheStore, restCacheIndex } from '../../github/cache.js'
import { setOutputs } from '../../github/outputs.js'
import { runAction, runPost } from '../../github/run-action.js'
import { appendSummary } from '../../github/summary.js'
import type { StageOutcome } from '../stage.js'
import { OUTPUTS, STATE } from './names.js'
import { type HistorySettings, readSettings } from './settings.js'

/** The durable tier, when enabled; the token travels in an http header, never in the URL. */
function dataBranch(settings: HistorySettings): DataBranch | undefined {
  if (!settings.durableBranch) return undefined
  const gitConfig: string[] = []
  if (settings.token && /^https?:/.test(settings.durableRemote)) {
    const basic = Buffer.from(`x-access-token:${settings.token}`).toString('base64')
    core.setSecret(basic)
    gitConfig.push(`http.extraheader=AUTHORIZATION: basic ${basic}`)
  }
  return {
    remote: settings.durableRemote,
    branch: settings.durableBranch,
    gitConfig,
    log: message => core.warning(message)
  }
}

function persistence(settings: HistorySettings): Persistence {
  const index = restCacheIndex(settings.token)
  return {
    store: actionsCacheStore,
    ...(index ? { index } : {}),
    prefix: settings.prefix,
    log: (level, message) => (level === 'warning' ? core.warning(message) : core.info(message))
  }
}

/**
 * Under the DB's lock: the newest history the cache (or the data branch) holds, merged with a
 * database already at the path — checked first, so a foreign or damaged file is refused and never
 * overwritten — and written there. Returns the cache key restored, if any.
 */
async function restoreLocked(settings: HistorySettings): Promise<string | undefined> {
  // merged into what is saved, so checked in full like the restored copy
  const local = existsSync(settings.db) ? await openHistory(settings.db, 'full') : undefined
  try {
    const restored = await restoreHistory(persistence(settings), settings.db)
    const branch = dataBranch(settings)
    if (!restored.matchedKey && branch) {
      const durable = await loadFromBranch(branch).catch(
        (error: Error) =>
          void core.warning(
            `history: the ${branch.branch} branch could not be used: ${error.message}`
          )
      )
      if (durable) {
        restored.db.close()
        restored.db = durable
        core.info(`history: no usable cache entry; rebuilt from the ${branch.branch} branch`)
      }
    }
    if (local) mergeInto(restored.db, local)
    await saveHistory(restored.db, settings.db)
    restored.db.close()
    return restored.matchedKey
  } finally {
    local?.close()
  }
}

/** Main of actions/history and the root pipeline's first stage: restore the DB, hand post the key. */
export async function restoreStage(settings: HistorySettings): Promise<StageOutcome> {
  const matchedKey = await withLock(settings.db, () => restoreLocked(settings))
  core.saveState(STATE.db, settings.db)
  core.saveState(STATE.restored, matchedKey ?? '')
  return {
    ok: true,
    verdict: matchedKey
      ? `history restored from ${matchedKey}`
      : 'history: starting a new database',
    outputs: {
      [OUTPUTS.restored]: !!matchedKey,
      [OUTPUTS.matchedKey]: matchedKey,
      [OUTPUTS.db]: settings.db
    }
  }
}

/** Entry point of actions/history (main): restore. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const { verdict, outputs } = await restoreStage(readSettings())
    setOutputs(outputs)
    core.info(verdict)
  })
}

/** Why this run only reads the history, or undefined when it saves. */
function readOnlyBecause(settings: HistorySettings): string | undefined {
  const pullRequest = (process.env.GITHUB_EVENT_NAME ?? '').startsWith('pull_request')
  if (settings.save === 'never') return 'save is never'
  if (settings.save === 'auto' && pullRequest)
    return 'pull-request runs read the history but do not save it (their cache scope is the PR ref)'
  return undefined
}

/** Records this job's results files into `db`; logs what was recorded and skipped. */
async function recordJob(db: Database, files: string[]): Promise<void> {
  const recorded = await recordFiles(db, files)
  const rows = recorded.files
    .flatMap(({ added }) => Object.values(added))
    .reduce((a, b) => a + b, 0)
  for (const { problem } of recorded.skipped) core.warning(`history: not recorded: ${problem}`)
  core.info(`history: recorded ${files.length} results file(s), ${rows} new row(s)`)
}

/**
 * Under the DB's lock: re-read the file, record this job's results, then write it — and, unless this
 * run only reads, merge the newest saved entries first and save it to the cache. Returns the
 * database (still open) and the save's outcome.
 */
async function recordLocked(
  settings: HistorySettings,
  files: string[],
  readOnly: boolean
): Promise<{ db: Database; outcome?: SaveOutcome }> {
  const db = await openHistory(settings.db)
  try {
    await recordJob(db, files)
    if (readOnly) {
      await saveHistory(db, settings.db)
      return { db }
    }
    const key = `${settings.prefix}${process.env.GITHUB_RUN_ID ?? `local-${Date.now()}`}-${process.env.GITHUB_RUN_ATTEMPT ?? '1'}`
    const outcome = await persistHistory(
      persistence(settings),
      db,
      settings.db,
      key,
      settings.keep,
      `${process.env.GITHUB_JOB ?? 'job'}-${Date.now()}`,
      settings.retentionDays,
      [core.getState(STATE.restored)].filter(Boolean)
    )
    return { db, outcome }
  } catch (error) {
    db.close()
    throw error
  }
}

/** Pushes `db` to the data branch, when enabled. */
async function pushToBranch(settings: HistorySettings, db: Database): Promise<void> {
  const branch = dataBranch(settings)
  if (!branch) return
  const attempts = await saveToBranch(
    branch,
    db,
    `chaos-ci history: run ${process.env.GITHUB_RUN_ID ?? 'local'}`
  )
  core.info(
    attempts
      ? `history: pushed to the ${branch.branch} branch (attempt ${attempts})`
      : `history: NOT pushed to the ${branch.branch} branch`
  )
  if (!attempts)
    core.warning(
      `history: the ${branch.branch} branch was not updated; the cache still holds this run`
    )
}

/** Post of actions/history and of the root pipeline: record this job's results, merge, save, prune. */
export async function saveStage(settings: HistorySettings): Promise<void> {
  const files = existsSync(settings.resultsDir) ? await expandInputs([settings.resultsDir]) : []
  const why = readOnlyBecause(settings)
  const { db, outcome } = await withLock(settings.db, () => recordLocked(settings, files, !!why))
  try {
    if (!outcome) {
      core.info(`history: not saved: ${why}`)
      return await appendSummary(
        `chaos-ci history: ${files.length} results file(s) recorded locally; not saved (${why}).\n`
      )
    }
    // the data branch gets the copy in memory: the file's lock is not needed for it
    await pushToBranch(settings, db)
    const saved = outcome.savedKey ? `saved as ${outcome.savedKey}` : 'NOT saved'
    core.info(
      `history: merged ${outcome.merged.entries} saved entr(ies) (${outcome.merged.rows} row(s) from other jobs), ${saved}, pruned ${outcome.pruned}`
    )
    await appendSummary(
      `chaos-ci history: ${files.length} results file(s) recorded, ${outcome.merged.entries} saved entr(ies) merged, ${saved}.\n`
    )
  } finally {
    db.close()
  }
}

/** Entry point of actions/history (post): record, merge, save, prune. Problems are warnings. */
export async function post(): Promise<void> {
  await runPost(() => saveStage(readSettings()))
}
