/**
 * The `history` action. Main restores the history DB from the cache; post (always, even after a
 * failure) records this job's results files, merges the newest saved entries, saves under a new key
 * and prunes old ones. Pull-request runs restore but do not save. Separate main and post entries.
 */
import { existsSync } from 'node:fs'

import * as core from '@actions/core'

import { openHistory } from '../../core/history/db.js'
import { saveHistory } from '../../core/history/db.js'
import { type DataBranch, loadFromBranch, saveToBranch } from '../../core/history/durable.js'
import { recordFiles } from '../../core/history/files.js'
import { type Persistence, persistHistory, restoreHistory } from '../../core/history/persist.js'
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

/** Main of actions/history and the root pipeline's first stage: restore the DB, hand post the key. */
export async function restoreStage(settings: HistorySettings): Promise<StageOutcome> {
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
  await saveHistory(restored.db, settings.db)
  restored.db.close()
  core.saveState(STATE.db, settings.db)
  core.saveState(STATE.restored, restored.matchedKey ?? '')
  return {
    ok: true,
    verdict: restored.matchedKey
      ? `history restored from ${restored.matchedKey}`
      : 'history: starting a new database',
    outputs: {
      [OUTPUTS.restored]: !!restored.matchedKey,
      [OUTPUTS.matchedKey]: restored.matchedKey,
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

/** Post of actions/history and of the root pipeline: record this job's results, merge, save, prune. */
export async function saveStage(settings: HistorySettings): Promise<void> {
  const db = await openHistory(settings.db)
  const files = existsSync(settings.resultsDir) ? await expandInputs([settings.resultsDir]) : []
  const recorded = await recordFiles(db, files)
  const rows = recorded.files
    .flatMap(({ added }) => Object.values(added))
    .reduce((a, b) => a + b, 0)
  for (const { problem } of recorded.skipped) core.warning(`history: not recorded: ${problem}`)
  core.info(`history: recorded ${files.length} results file(s), ${rows} new row(s)`)
  const pullRequest = (process.env.GITHUB_EVENT_NAME ?? '').startsWith('pull_request')
  if (settings.save === 'never' || (settings.save === 'auto' && pullRequest)) {
    await saveHistory(db, settings.db)
    const why =
      settings.save === 'never'
        ? 'save is never'
        : 'pull-request runs read the history but do not save it (their cache scope is the PR ref)'
    core.info(`history: not saved: ${why}`)
    return appendSummary(
      `chaos-ci history: ${files.length} results file(s) recorded locally; not saved (${why}).\n`
    )
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
  const branch = dataBranch(settings)
  if (branch) {
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
  db.close()
  const saved = outcome.savedKey ? `saved as ${outcome.savedKey}` : 'NOT saved'
  core.info(
    `history: merged ${outcome.merged.entries} saved entr(ies) (${outcome.merged.rows} row(s) from other jobs), ${saved}, pruned ${outcome.pruned}`
  )
  await appendSummary(
    `chaos-ci history: ${files.length} results file(s) recorded, ${outcome.merged.entries} saved entr(ies) merged, ${saved}.\n`
  )
}

/** Entry point of actions/history (post): record, merge, save, prune. Problems are warnings. */
export async function post(): Promise<void> {
  await runPost(() => saveStage(readSettings()))
}
