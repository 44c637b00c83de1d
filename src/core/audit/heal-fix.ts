/**
 * The sentinel as a healing strategy: read the missing module from a failure line, map it to a
 * distribution, and — only with high or medium confidence and one candidate — declare it and install
 * exactly it. Anything else is not fixable, and says what to add by hand.
 */
import path from 'node:path'

import { runAudit } from './audit.js'
import type { AuditConfig } from './config.js'
import type { Finding } from './findings.js'
import { type DependencyChange, fixMissing } from './fix.js'
import { installAdded } from './install.js'
import { readInstalled } from './python/installed.js'
import { resolveImport } from './python/mapping.js'

/** The module a failure line says is missing, e.g. `ModuleNotFoundError: No module named 'yaml'`. */
export function missingModule(
  line: string | null
): { ecosystem: 'python' | 'node'; name: string } | undefined {
  const python = /No module named ['"]?([\w.]+)['"]?/.exec(line ?? '')
  if (python) return { ecosystem: 'python', name: python[1]! }
  const node = /Cannot find (?:module|package) ['"]([^'"]+)['"]/.exec(line ?? '')
  if (node && !node[1]!.startsWith('.') && !node[1]!.startsWith('/'))
    return {
      ecosystem: 'node',
      name: node[1]!.startsWith('@')
        ? node[1]!.split('/').slice(0, 2).join('/')
        : node[1]!.split('/')[0]!
    }
  return undefined
}

export interface DependencyPlan {
  fixable: boolean
  confidence: 'high' | 'medium' | 'low'
  source: string
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
      name: '',
      detail: 'the failure does not name a missing module'
    }
  if (missing.ecosystem === 'node')
    return {
      fixable: false,
      confidence: 'low',
      source: 'identity',
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
      name: resolution.candidates.join(' or '),
      detail: `'${missing.name}' may come from ${resolution.candidates.join(' or ')} (${why}): declare it yourself`
    }
  }
  return {
    fixable: true,
    confidence: resolution.confidence,
    source: resolution.source,
    name: resolution.candidates[0]!,
    detail: `'${missing.name}' → ${resolution.candidates[0]} (${resolution.confidence}, ${resolution.source})`
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
  const fixed = await fixMissing(cwd, { ...audit, findings: [finding] }, false)
  const installed = await installAdded(fixed.changes, {
    cwd,
    pipArgs: config.pipArgs,
    npmArgs: config.npmArgs,
    ...(onOutput ? { onOutput } : {})
  })
  return [...fixed.changes, ...installed]
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
