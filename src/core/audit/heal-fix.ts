/**
 * The sentinel as a healing strategy: read the missing module from a failure line, map it to a
 * distribution, and — only with high or medium confidence and one candidate — declare it and install
 * exactly it. Anything else is not fixable, and says what to add by hand.
 */
import path from 'node:path'

import { missingModule } from '../heal/failure-line.js'
import { runAudit } from './audit.js'
import type { AuditConfig } from './config.js'
import type { Finding } from './findings.js'
import { type DependencyChange, fixMissing } from './fix.js'
import { installAdded } from './install.js'
import type { Declared, Manifest } from './manifests/types.js'
import { normalizeDist } from './names.js'
import { readInstalled } from './python/installed.js'
import { resolveImport } from './python/mapping.js'

export { missingModule }

export interface DependencyPlan {
  fixable: boolean
  confidence: 'high' | 'medium' | 'low'
  source: string
  /** The missing import, as the failure line names it ('' when it names none). */
  module: string
  /** What would be added, or what to add by hand. */
  name: string
  detail: string
}

/** Whether the failure's missing module can be fixed safely, and with what. */
export async function planDependencyFix(
  cwd: string,
  config: AuditConfig,
  line: string | null
): Promise<DependencyPlan> {
  const missing = missingModule(line)
  if (!missing)
    return {
      fixable: false,
      confidence: 'low',
      source: 'identity',
      module: '',
      name: '',
      detail: 'the failure does not name a missing module'
    }
  if (missing.ecosystem === 'node')
    return {
      fixable: false,
      confidence: 'low',
      source: 'identity',
      module: missing.name,
      name: missing.name,
      detail: `npm package '${missing.name}' is not installed: add it to package.json yourself (a guessed npm name is never installed)`
    }
  const installed = await readInstalled(config.sitePackages.map(dir => path.resolve(cwd, dir)))
  const resolution = resolveImport(missing.name, config.packageMap, installed)
  if (resolution.confidence === 'low' || resolution.candidates.length !== 1) {
    const why =
      resolution.confidence === 'low' ? 'only a guess' : 'several distributions provide it'
    return {
      fixable: false,
      confidence: resolution.confidence,
      source: resolution.source,
      module: missing.name,
      name: resolution.candidates.join(' or '),
      detail: `'${missing.name}' may come from ${resolution.candidates.join(' or ')} (${why}): declare it yourself`
    }
  }
  return {
    fixable: true,
    confidence: resolution.confidence,
    source: resolution.source,
    module: missing.name,
    name: resolution.candidates[0]!,
    detail: `'${missing.name}' → ${resolution.candidates[0]} (${resolution.confidence}, ${resolution.source})`
  }
}

/** The manifest entry that already declares distribution `name`, if any. */
function declaredIn(manifests: readonly Manifest[], name: string): Declared | undefined {
  const key = normalizeDist(name)
  return manifests
    .filter(manifest => manifest.ecosystem === 'python')
    .flatMap(manifest => manifest.declared)
    .find(entry => entry.key === key)
}

function alreadyDeclared(module: string, plan: DependencyPlan, at: Declared): DependencyChange {
  return {
    action: 'already-declared',
    ecosystem: 'python',
    name: plan.name,
    import: module,
    file: at.file,
    confidence: plan.confidence,
    source: plan.source,
    reason: `already declared at ${at.file}:${at.line}: not added again`
  }
}

/** Declares and installs the one distribution the failure needs; returns the changes made. */
export async function applyDependencyFix(
  cwd: string,
  config: AuditConfig,
  line: string | null,
  onOutput?: (text: string) => void
): Promise<DependencyChange[]> {
  const missing = missingModule(line)
  const plan = await planDependencyFix(cwd, config, line)
  if (!missing || !plan.fixable) return []
  const audit = await runAudit(cwd, config)
  const finding: Finding = {
    rule: 'missing',
    ecosystem: 'python',
    name: missing.name,
    file: '(healed failure)',
    line: 0,
    also: [],
    message: plan.detail,
    suggestion: {
      names: [plan.name],
      confidence: plan.confidence,
      source: plan.source as 'curated'
    }
  }
  // a name already declared (by the user, or by an earlier attempt) is installed, never added again
  const declared = declaredIn(audit.manifests, plan.name)
  const changes = declared
    ? [alreadyDeclared(missing.name, plan, declared)]
    : (await fixMissing(cwd, { ...audit, findings: [finding] }, false)).changes
  const installed = await installAdded(changes, {
    cwd,
    pipArgs: config.pipArgs,
    npmArgs: config.npmArgs,
    ...(onOutput ? { onOutput } : {})
  })
  return [...changes, ...installed]
}

/** The sentinel as the healer's DependencyFixer for the project at `cwd`. */
export function dependencyFixer(
  cwd: string,
  config: AuditConfig,
  onOutput?: (text: string) => void
): {
  plan(line: string | null): Promise<DependencyPlan>
  apply(line: string | null): Promise<DependencyChange[]>
} {
  return {
    plan: line => planDependencyFix(cwd, config, line),
    apply: line => applyDependencyFix(cwd, config, line, onOutput)
  }
}
