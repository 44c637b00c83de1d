/** `dependencies`: the dependency audit; with --fix, its safe fixes (declaring what is imported). */
import { existsSync } from 'node:fs'
import path from 'node:path'

import { loadAuditConfig } from '../../audit/config.js'
import { runSentinel } from '../../audit/sentinel.js'
import { type Check, failedWith } from '../check.js'
import { CONVENTIONS } from '../conventions.js'

export const dependencies: Check = {
  name: 'dependencies',
  about: 'imports against the manifests (Python and JS/TS): nothing missing',
  async run({ settings, log }) {
    const file = path.join(settings.cwd, CONVENTIONS.auditConfig)
    const config = await loadAuditConfig(existsSync(file) ? file : undefined)
    const outcome = await runSentinel(settings.cwd, config, {
      fix: settings.fix,
      dryRun: false,
      install: false,
      onOutput: text => log(text.trimEnd())
    })
    const { result } = outcome
    const missing = result.findings.filter(f => f.rule === 'missing')
    const others = result.findings.length - missing.length
    return failedWith(
      `${result.imports} import(s) in ${result.files.python + result.files.node} file(s) against ${result.manifests.length} manifest(s): ${missing.length} missing, ${others} other finding(s)`,
      missing.map(f => ({
        message: f.message,
        file: f.file,
        line: f.line,
        fix: f.suggestion
          ? `declare ${f.suggestion.names.join(' or ')} (chaos-ci check --fix does it)`
          : `declare the package that provides ${f.name}`
      })),
      outcome.changes.map(c => `${c.file}: ${c.action} ${c.name}`)
    )
  }
}
