/**
 * The git pre-push hook that runs `chaos-ci check`. Installing it again changes nothing; a hook that is
 * not ours is never overwritten without --force, and then it is kept beside as a backup.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { UserError } from '../errors.js'

const MARKER = '# chaos-ci pre-push hook'

/**
 * The hook prints its report to the terminal and writes no report file: a push must leave the
 * working tree as it found it (a reports/ folder would show up in git status as untracked).
 */
export const HOOK_SCRIPT = `#!/bin/sh
${MARKER}: runs \`chaos-ci check\` before every push (skip it once with git push --no-verify).
if command -v chaos-ci >/dev/null 2>&1; then exec chaos-ci check --no-report; fi
exec npx --no-install chaos-ci check --no-report
`

export interface HookOutcome {
  action: 'installed' | 'unchanged' | 'updated' | 'replaced'
  file: string
  backup?: string
}

/** Where git looks for hooks in `cwd` (core.hooksPath and worktrees included). */
function hooksDir(cwd: string): string {
  const result = spawnSync('git', ['rev-parse', '--git-path', 'hooks'], { cwd, encoding: 'utf8' })
  if (result.status !== 0)
    throw new UserError(
      `${cwd} is not in a git repository.`,
      'Run chaos-ci check --install-hook from inside the repository.',
      { file: cwd }
    )
  return path.resolve(cwd, result.stdout.trim())
}

export async function installHook(cwd: string, force: boolean): Promise<HookOutcome> {
  const dir = hooksDir(cwd)
  const file = path.join(dir, 'pre-push')
  await mkdir(dir, { recursive: true })
  const write = async (): Promise<void> => {
    await writeFile(file, HOOK_SCRIPT)
    await chmod(file, 0o755)
  }
  if (!existsSync(file)) {
    await write()
    return { action: 'installed', file }
  }
  const current = await readFile(file, 'utf8')
  if (current === HOOK_SCRIPT) {
    await chmod(file, 0o755)
    return { action: 'unchanged', file }
  }
  if (current.includes(MARKER)) {
    await write()
    return { action: 'updated', file }
  }
  if (!force)
    throw new UserError(
      `${file} already exists and is not chaos-ci's hook.`,
      'Add `chaos-ci check` to it yourself, or run with --force to replace it (the old one is kept as pre-push.backup).',
      { file }
    )
  const backup = `${file}.backup`
  await rename(file, backup)
  await write()
  return { action: 'replaced', file, backup }
}
