/** `dry-run`: the chaos plan is built from the scenario file, as inject's dry run builds it; nothing runs. */
import { existsSync } from 'node:fs'
import path from 'node:path'

import { UserError, UserErrors } from '../../errors.js'
import { prepareInject } from '../../experiment/inject.js'
import { parseInjectOptions } from '../../experiment/options.js'
import { type Check, failedWith, skipped } from '../check.js'

export const dryRun: Check = {
  name: 'dry-run',
  about: 'the chaos plan builds from the scenario file without touching anything',
  async run({ settings }) {
    const config = path.resolve(settings.cwd, settings.config)
    if (!existsSync(config))
      return settings.configGiven
        ? failedWith('no scenario file', [
            { message: `${settings.config} does not exist.`, file: settings.config }
          ])
        : skipped(`no scenario file at ${settings.config}`)
    try {
      const { plan } = await prepareInject(parseInjectOptions({ config, dryRun: 'true' }))
      const planned = plan.items.filter(item => item.status === 'planned').length
      const held = plan.items.filter(item => item.status !== 'planned')
      return failedWith(
        `${plan.items.length} scenario(s): ${planned} planned, ${held.length} held back, ~${Math.round(plan.expected_seconds)} s in all`,
        plan.items
          .filter(item => item.status === 'not-supported')
          .map(item => ({
            message: `${item.scenario.name}: ${item.reason ?? 'not supported'}`,
            file: settings.config,
            line: item.scenario.line
          }))
      )
    } catch (error) {
      if (!(error instanceof UserError)) throw error
      const problems = error instanceof UserErrors ? error.problems : [error]
      return failedWith(
        'the plan could not be built',
        problems.map(problem => ({
          message: problem.message,
          file: path.relative(settings.cwd, problem.location.file ?? config),
          ...(problem.location.line ? { line: problem.location.line } : {}),
          ...(problem.location.column ? { column: problem.location.column } : {}),
          fix: problem.fix
        }))
      )
    }
  }
}
