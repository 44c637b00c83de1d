/** `permissions`: git hook scripts must be executable, or git silently skips them; --fix sets the bit. */
import path from 'node:path'

import { type Check, type CheckFinding, failedWith, skipped } from '../check.js'
import { filesIn, isExecutable, makeExecutable } from '../files.js'

const HOOK_DIRS = ['.git/hooks', '.githooks', '.husky']

export const permissions: Check = {
  name: 'permissions',
  about: 'git hook scripts (.git/hooks, .githooks, .husky) are executable',
  async run({ settings }) {
    const hooks = (await Promise.all(HOOK_DIRS.map(dir => filesIn(settings.cwd, dir))))
      .flat()
      .filter(file => !file.endsWith('.sample'))
    if (hooks.length === 0) return skipped('no git hook scripts here')
    const findings: CheckFinding[] = []
    const fixed: string[] = []
    for (const hook of hooks) {
      const full = path.join(settings.cwd, hook)
      if (await isExecutable(full)) continue
      if (settings.fix) {
        await makeExecutable(full)
        fixed.push(`${hook}: made executable`)
      } else
        findings.push({
          message: `${hook} is not executable, so git does not run it.`,
          file: hook,
          fix: `chmod +x ${hook} (chaos-ci check --fix does it)`
        })
    }
    return failedWith(`${hooks.length} hook script(s)`, findings, fixed)
  }
}
