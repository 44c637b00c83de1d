/**
 * `config`: the scenario file, the inline-SLO file and the user's healing rules, each validated as the
 * actions will read them — an error names the file, line and column, with "did you mean".
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'

import { parseAuditConfig } from '../../audit/config.js'
import { UserError, UserErrors } from '../../errors.js'
import { parseRules } from '../../heal/rules-file.js'
import { parseScenarioFile } from '../../scenarios/parse.js'
import { readSloMap } from '../../slo/layers.js'
import { closeFileName } from '../../user-file.js'
import { loadLocated } from '../../yaml/located.js'
import { type Check, type CheckFinding, failedWith, skipped } from '../check.js'
import { CONVENTIONS } from '../conventions.js'

type Reader = (file: string, text: string) => unknown

const READERS: Array<[string, string, Reader]> = [
  ['auditConfig', 'audit config', parseAuditConfig],
  ['healRules', 'healing rules', parseRules],
  [
    'slos',
    'SLO file',
    (file, text) => readSloMap(loadLocated(file, text), [], file, { levels: true, recovery: true })
  ]
]

/** One finding per problem: a file with several lists each at its own line. */
function errorFindings(error: unknown): CheckFinding[] {
  if (error instanceof UserErrors) return error.problems.map(finding)
  return [finding(error)]
}

function finding(error: unknown): CheckFinding {
  if (!(error instanceof UserError)) throw error
  return {
    message: error.message,
    ...(error.location.file ? { file: error.location.file } : {}),
    ...(error.location.line ? { line: error.location.line } : {}),
    ...(error.location.column ? { column: error.location.column } : {}),
    fix: error.fix
  }
}

export const config: Check = {
  name: 'config',
  about: 'the scenario file, the SLO file and the healing rules parse and validate',
  async run({ settings }) {
    const files: Array<[string, string, Reader]> = [
      [settings.config, 'scenario file', parseScenarioFile],
      ...READERS.map(([key, what, reader]): [string, string, Reader] => [
        CONVENTIONS[key as keyof typeof CONVENTIONS],
        what,
        reader
      ])
    ]
    const findings: CheckFinding[] = []
    const read: string[] = []
    for (const [file, what, reader] of files) {
      const full = path.resolve(settings.cwd, file)
      if (!existsSync(full)) {
        const near = closeFileName(full)
        if (file === settings.config && settings.configGiven)
          findings.push({
            message: `${file}: the ${what} does not exist.${near ? ` Did you mean '${path.relative(settings.cwd, near)}'?` : ''}`,
            file,
            fix: 'Check --config, or create it (examples/chaos_scenarios.yml in chaos-ci is a start).'
          })
        continue
      }
      read.push(file)
      try {
        reader(file, await readFile(full, 'utf8'))
      } catch (error) {
        findings.push(...errorFindings(error))
      }
    }
    if (read.length === 0 && findings.length === 0)
      return skipped(
        `no chaos-ci configuration here (${settings.config}, ${CONVENTIONS.auditConfig}, ${CONVENTIONS.healRules}, ${CONVENTIONS.slos})`
      )
    return failedWith(`${read.length} file(s) read: ${read.join(', ') || 'none'}`, findings)
  }
}
