/**
 * `workflows`: every .github/workflows file is parsed with GitHub's own parser
 * (@actions/workflow-parser), and every step that uses a chaos-ci action is checked against that
 * action's action.yml — an unknown input (with "did you mean"), a missing required one, an action
 * that does not exist — and against the job's `permissions:` for what the action writes.
 */
import { existsSync, readdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'

import { findPackageFile } from '../../package-files.js'
import { didYouMean } from '../../text/suggest.js'
import { AliasError } from '../../yaml/aliases.js'
import { isRecord, valueAt } from '../../yaml/fields.js'
import { loadLocated, type LocatedDocument, type YamlPath } from '../../yaml/located.js'
import { type Check, type CheckFinding, failedWith, skipped } from '../check.js'
import { CONVENTIONS } from '../conventions.js'
import { filesIn } from '../files.js'

interface ActionMeta {
  inputs: Record<string, { required?: boolean; default?: unknown }>
}

/** What each chaos-ci action writes with the token, and so the permission its job needs. */
const NEEDS: Record<string, { scope: string; why: string }> = {
  report: { scope: 'issues', why: 'it opens and updates the report issue' },
  comment: { scope: 'pull-requests', why: 'it writes the pull-request comment' },
  history: { scope: 'actions', why: 'it prunes old cache entries when it saves' }
}

const USES = /^(?:[\w.-]+\/chaos-ci\/actions\/([\w-]+)@[\w./-]+|\.\/actions\/([\w-]+))$/
/** The root action, the whole pipeline: `OWNER/chaos-ci@REF`. */
const ROOT_USES = /^[\w.-]+\/chaos-ci@[\w./-]+$/
const PIPELINE = 'chaos-ci'

/** What the pipeline writes, unless its `with:` turns that stage off. */
function pipelineNeeds(withBlock: Record<string, unknown>): Array<{ scope: string; why: string }> {
  const skip = typeof withBlock.skip === 'string' ? withBlock.skip : ''
  const skipped = (stage: string): boolean => new RegExp(`\\b${stage}\\b`).test(skip)
  if (withBlock.mode === 'check') return []
  return [
    ...(skipped('comment') ? [] : [NEEDS.comment!]),
    ...(skipped('history') || withBlock.save === 'never' ? [] : [NEEDS.history!])
  ]
}

/** The action.yml of a chaos-ci action: the repository's own copy for ./actions/NAME, else ours. */
async function actionMeta(name: string, local?: string): Promise<ActionMeta | undefined> {
  const file =
    local ??
    findPackageFile(name === PIPELINE ? 'action.yml' : path.join('actions', name, 'action.yml'))
  if (!file) return undefined
  const meta = loadLocated(file, await readFile(file, 'utf8')).value as Partial<ActionMeta> | null
  return { inputs: meta?.inputs ?? {} }
}

/** The actions this chaos-ci ships: the folders of its actions/ directory. */
function knownActions(): string[] {
  const dir = findPackageFile('actions')
  if (!dir) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .map(entry => entry.name)
    .sort()
}

/** GitHub's parser: its errors, each "file (Line: n, Col: m): message". */
async function parserErrors(file: string, content: string): Promise<CheckFinding[]> {
  const parser = await import('@actions/workflow-parser')
  const result = parser.parseWorkflow({ name: file, content }, new parser.NoOperationTraceWriter())
  return result.context.errors.getErrors().map(error => {
    const match = /\(Line: (\d+), Col: (\d+)\): (.*)$/s.exec(error.message)
    return match
      ? {
          message: match[3]!,
          file,
          line: Number(match[1]),
          column: Number(match[2])
        }
      : { message: error.message, file }
  })
}

/** Whether `permissions` (a job's, else the workflow's) grants `scope: write`. */
function grants(permissions: unknown, scope: string): boolean | undefined {
  if (permissions === undefined || permissions === null) return undefined
  if (permissions === 'write-all') return true
  if (typeof permissions === 'string') return false
  return isRecord(permissions) && permissions[scope] === 'write'
}

/** A local action's metadata file in the repository (`uses: ./path`), if there is one. */
function localAction(cwd: string, uses: string): string | undefined {
  return ['action.yml', 'action.yaml']
    .map(name => path.join(cwd, uses, name))
    .find(candidate => existsSync(candidate))
}

async function checkUses(cwd: string, file: string, doc: LocatedDocument): Promise<CheckFinding[]> {
  const findings: CheckFinding[] = []
  const at = (p: YamlPath): { line: number; column: number } => doc.at(p)
  const jobs = valueAt(doc, ['jobs'])
  if (!isRecord(jobs)) return findings
  for (const job of Object.keys(jobs)) {
    const steps = valueAt(doc, ['jobs', job, 'steps'])
    if (!Array.isArray(steps)) continue
    for (let i = 0; i < steps.length; i++) {
      const stepPath = ['jobs', job, 'steps', i]
      const uses = valueAt(doc, [...stepPath, 'uses'])
      if (typeof uses !== 'string') continue
      const local = uses.startsWith('./') ? localAction(cwd, uses.trim()) : undefined
      if (uses.startsWith('./') && !local) {
        findings.push({
          message: `${uses}: there is no action.yml there in this repository.`,
          file,
          ...at([...stepPath, 'uses']),
          fix: 'Check the path: a local action is a folder with an action.yml, relative to the repository root.'
        })
        continue
      }
      const match = USES.exec(uses.trim())
      const root = ROOT_USES.test(uses.trim()) || (uses.trim() === './' && local !== undefined)
      if (!match && !root) continue
      const name = root ? PIPELINE : (match![1] ?? match![2])!
      const meta = await actionMeta(name, local)
      if (!meta) {
        findings.push({
          message: `${uses}: chaos-ci has no action '${name}'.${didYouMean(name, knownActions())}`,
          file,
          ...at([...stepPath, 'uses']),
          fix: `Use one of: ${knownActions().join(', ')}.`
        })
        continue
      }
      const withBlock = valueAt(doc, [...stepPath, 'with'])
      const given = isRecord(withBlock) ? Object.keys(withBlock) : []
      const inputs = Object.keys(meta.inputs)
      for (const input of given)
        if (!inputs.includes(input))
          findings.push({
            message: `${name} has no input '${input}'.${didYouMean(input, inputs)}`,
            file,
            ...at([...stepPath, 'with', input]),
            fix: `The inputs of ${name} are: ${inputs.join(', ')}.`
          })
      for (const [input, spec] of Object.entries(meta.inputs))
        if (
          spec.required &&
          (spec.default === undefined || spec.default === '') &&
          !given.includes(input)
        )
          findings.push({
            message: `${name} needs the input '${input}', and this step does not give it.`,
            file,
            ...at(stepPath),
            fix: `Add ${input}: under with:.`
          })
      const block = isRecord(withBlock) ? withBlock : {}
      // history prunes only when it saves (not with save: never); report writes no issue with issue: none.
      const needs =
        name === PIPELINE
          ? pipelineNeeds(block)
          : NEEDS[name] &&
              !(name === 'history' && block.save === 'never') &&
              !(name === 'report' && block.issue === 'none')
            ? [NEEDS[name]]
            : []
      for (const need of needs) {
        const jobPermissions = valueAt(doc, ['jobs', job, 'permissions'])
        const workflowPermissions = valueAt(doc, ['permissions'])
        const granted =
          grants(jobPermissions, need.scope) ?? grants(workflowPermissions, need.scope)
        if (granted !== true)
          findings.push({
            message: `${name} needs "${need.scope}: write" (${need.why}), and ${granted === undefined ? `neither job '${job}' nor the workflow sets permissions: the default token may be read-only` : `the ${jobPermissions !== undefined ? `permissions of job '${job}'` : "workflow's permissions"} do not grant it`}.`,
            file,
            ...at(
              jobPermissions !== undefined
                ? ['jobs', job, 'permissions']
                : workflowPermissions !== undefined
                  ? ['permissions']
                  : ['jobs', job]
            ),
            fix: `Add "${need.scope}: write" to ${jobPermissions !== undefined || workflowPermissions === undefined ? `job '${job}'` : 'the workflow'}'s permissions: block.`
          })
      }
    }
  }
  return findings
}

export const workflows: Check = {
  name: 'workflows',
  about:
    "GitHub's parser accepts every workflow, and chaos-ci steps give their actions valid inputs and permissions",
  async run({ settings }) {
    const files = (await filesIn(settings.cwd, CONVENTIONS.workflows)).filter(f =>
      /\.ya?ml$/.test(f)
    )
    if (files.length === 0) return skipped(`no workflows in ${CONVENTIONS.workflows}`)
    const findings: CheckFinding[] = []
    let steps = 0
    for (const file of files) {
      const content = await readFile(path.join(settings.cwd, file), 'utf8')
      let doc: LocatedDocument | undefined
      try {
        doc = loadLocated(file, content)
      } catch (error) {
        // GitHub's parser expands aliases in exponential time: a file past our limit never reaches it
        if (error instanceof AliasError) {
          findings.push({ message: error.message, ...error.location, fix: error.fix })
          continue
        }
      }
      findings.push(...(await parserErrors(file, content)))
      if (!doc) continue // GitHub's parser has said what is wrong
      steps += (
        content.match(/chaos-ci\/actions\/|\.\/actions\/|\/chaos-ci@|uses:\s*\.\/\s*$/gm) ?? []
      ).length
      findings.push(...(await checkUses(settings.cwd, file, doc)))
    }
    return failedWith(`${files.length} workflow(s), ${steps} chaos-ci step(s)`, findings)
  }
}
