/**
 * The durable tier: the history also lives on a data branch (`chaos-history` by default), as the
 * database plus an append-only JSONL export, because cache entries vanish after 7 days unused.
 * Saving clones the branch, merges what is there into our copy (a union), commits and pushes; when
 * the push is rejected because another writer got there first, it fetches again, merges again and
 * retries — the way github-action-benchmark keeps its data branch, but merging rows, not text.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import type { Database } from 'sql.js'

import { runCommand } from '../exec/run-command.js'
import { openBytes } from './db.js'
import { exportJsonl } from './export.js'
import { mergeInto } from './merge.js'
import { forgetStatements } from './statements.js'

export interface DataBranch {
  /** A git remote: a URL or a local path. */
  remote: string
  branch: string
  /** Extra `git -c` settings, e.g. an http.extraheader with the token (never put a token in the URL). */
  gitConfig?: string[]
  log: (message: string) => void
  /** Called between commit and push on every attempt (a seam for tests and tooling). */
  beforePush?: () => Promise<void>
}

const DB_FILE = 'chaos_history.db'
const JSONL_FILE = 'history.jsonl'

async function git(
  branch: DataBranch,
  args: string[],
  cwd?: string
): Promise<{ ok: boolean; output: string }> {
  const config = (branch.gitConfig ?? []).flatMap(setting => ['-c', setting])
  const result = await runCommand(
    { argv: ['git', ...config, ...args] },
    {
      ...(cwd ? { cwd } : {}),
      timeoutMs: 120_000,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }
    }
  )
  return { ok: result.exitCode === 0, output: result.output.trim() }
}

/** A fresh checkout of the branch (or a new orphan branch when it does not exist yet). */
async function checkout(branch: DataBranch): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-history-branch-'))
  const cloned = await git(branch, [
    'clone',
    '--quiet',
    '--depth',
    '1',
    '--single-branch',
    '--branch',
    branch.branch,
    branch.remote,
    dir
  ])
  if (cloned.ok) return dir
  await git(branch, ['init', '--quiet', dir])
  await git(branch, ['checkout', '--quiet', '--orphan', branch.branch], dir)
  await git(branch, ['remote', 'add', 'origin', branch.remote], dir)
  return dir
}

/** The database stored on the branch, if any (validated like any other copy). */
export async function loadFromBranch(branch: DataBranch): Promise<Database | undefined> {
  const dir = await checkout(branch)
  try {
    const file = path.join(dir, DB_FILE)
    if (!existsSync(file)) return undefined
    return await openBytes(`${branch.branch}:${DB_FILE}`, await readFile(file), 'full')
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Appends to the JSONL the rows it does not hold yet. */
async function appendJsonl(file: string, db: Database): Promise<number> {
  const existing = new Set(
    (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean)
  )
  const fresh = exportJsonl(db)
    .split('\n')
    .filter(line => line && !existing.has(line))
  await writeFile(file, fresh.length > 0 ? `${fresh.join('\n')}\n` : '', { flag: 'a' })
  return fresh.length
}

/**
 * Merges the branch's database into `db`, commits both files and pushes; retries up to `tries` times
 * when another writer pushed first. Returns the number of attempts it took, or 0 if it gave up.
 */
export async function saveToBranch(
  branch: DataBranch,
  db: Database,
  message: string,
  tries = 3
): Promise<number> {
  for (let attempt = 1; attempt <= tries; attempt++) {
    const dir = await checkout(branch)
    try {
      const file = path.join(dir, DB_FILE)
      if (existsSync(file)) {
        const theirs = await openBytes(`${branch.branch}:${DB_FILE}`, await readFile(file), 'full')
        mergeInto(db, theirs)
        theirs.close()
      }
      forgetStatements(db)
      await writeFile(file, db.export())
      const appended = await appendJsonl(path.join(dir, JSONL_FILE), db)
      await git(branch, ['add', DB_FILE, JSONL_FILE], dir)
      const identity = [
        '-c',
        'user.name=chaos-ci',
        '-c',
        'user.email=chaos-ci@users.noreply.github.com'
      ]
      const committed = await git(
        branch,
        [...identity, 'commit', '--quiet', '-m', `${message} (${appended} new rows)`],
        dir
      )
      if (!committed.ok && !/nothing to commit/.test(committed.output)) {
        branch.log(`cannot commit to ${branch.branch}: ${committed.output.split('\n').pop()}`)
        return 0
      }
      await branch.beforePush?.()
      const pushed = await git(
        branch,
        ['push', '--quiet', 'origin', `HEAD:refs/heads/${branch.branch}`],
        dir
      )
      if (pushed.ok) return attempt
      branch.log(
        `push to ${branch.branch} was rejected (attempt ${attempt}/${tries}): ${pushed.output.split('\n').pop()}`
      )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
  return 0
}
