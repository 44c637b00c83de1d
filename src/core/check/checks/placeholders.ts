/**
 * `placeholders`: no workflow still says `uses: OWNER/…`, the placeholder in chaos-ci's README and
 * examples. GitHub cannot resolve it, so the job would fail while it sets up, before any step runs.
 * Steps' `uses:` and jobs' (reusable workflows) are both read; a file that does not parse is left
 * to the workflows check, which reports it.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'

import { isRecord, valueAt } from '../../yaml/fields.js'
import { loadLocated, type LocatedDocument, type YamlPath } from '../../yaml/located.js'
import { type Check, type CheckFinding, failedWith, skipped } from '../check.js'
import { CONVENTIONS } from '../conventions.js'
import { filesIn } from '../files.js'

const PLACEHOLDER = 'OWNER/'

/** The path of every `uses:` in the workflow: each job's, then each of its steps'. */
function usesPaths(doc: LocatedDocument): YamlPath[] {
  const jobs = valueAt(doc, ['jobs'])
  if (!isRecord(jobs)) return []
  return Object.keys(jobs).flatMap(job => {
    const steps = valueAt(doc, ['jobs', job, 'steps'])
    return [
      ['jobs', job, 'uses'],
      ...(Array.isArray(steps) ? steps.map((_, i) => ['jobs', job, 'steps', i, 'uses']) : [])
    ]
  })
}

/** The local form, for chaos-ci's own repository: `./actions/NAME` or `./`. */
function localForm(uses: string): string | undefined {
  const match = /^OWNER\/chaos-ci(\/[\w./-]+)?@/.exec(uses)
  return match ? `.${match[1] ?? '/'}` : undefined
}

function finding(file: string, doc: LocatedDocument, at: YamlPath, uses: string): CheckFinding {
  const local = localForm(uses)
  return {
    message: `uses: ${uses} still has the placeholder OWNER, which GitHub cannot resolve: the job would fail before its first step.`,
    file,
    ...doc.at(at),
    fix: `Replace OWNER with the account that hosts the chaos-ci you use (yours or a fork), e.g. ${uses.replace(PLACEHOLDER, 'your-org/')}${local ? `; in chaos-ci's own repository, ${local}` : ''}. The README's "Getting chaos-ci" says where it can come from.`
  }
}

export const placeholders: Check = {
  name: 'placeholders',
  about: "no workflow still uses the examples' OWNER/ placeholder",
  async run({ settings }) {
    const files = (await filesIn(settings.cwd, CONVENTIONS.workflows)).filter(f =>
      /\.ya?ml$/.test(f)
    )
    if (files.length === 0) return skipped(`no workflows in ${CONVENTIONS.workflows}`)
    const findings: CheckFinding[] = []
    let uses = 0
    for (const file of files) {
      let doc: LocatedDocument
      try {
        doc = loadLocated(file, await readFile(path.join(settings.cwd, file), 'utf8'))
      } catch {
        continue // the workflows check reports a file that does not parse
      }
      for (const at of usesPaths(doc)) {
        const value = valueAt(doc, at)
        if (typeof value !== 'string') continue
        uses++
        if (value.trim().startsWith(PLACEHOLDER))
          findings.push(finding(file, doc, at, value.trim()))
      }
    }
    return failedWith(`${uses} uses: in ${files.length} workflow(s)`, findings)
  }
}
