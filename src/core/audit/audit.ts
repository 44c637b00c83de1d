/**
 * The dependency sentinel: find the files, read the manifests, extract every import, classify it
 * and report what is missing, unused, misplaced or redundant. Reads only; fixing is fix.ts.
 */
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'

import type { AuditConfig, RuleId } from './config.js'
import { findFiles } from './files.js'
import { type Finding, nodeFindings, pythonFindings } from './findings.js'
import { readJsLocal } from './js/first-party.js'
import { readPackageJson } from './manifests/package-json.js'
import { readPyproject } from './manifests/pyproject.js'
import { readRequirements } from './manifests/requirements.js'
import type { Manifest } from './manifests/types.js'
import { normalizeDist } from './names.js'
import { firstPartyModules, siblingModules } from './python/first-party.js'
import { readInstalled } from './python/installed.js'
import { targetVersions } from './python/stdlib.js'
import { type ImportSite, sitesOf } from './sites.js'

export interface AuditResult {
  files: { python: number; node: number }
  manifests: Manifest[]
  imports: number
  findings: Finding[]
  /** Findings suppressed by config or inline comments. */
  ignored: number
  /** Files that may not be valid source; what could be read was still used. */
  warnings: Array<{ file: string; message: string }>
  /** What could not be checked, and why. */
  notes: string[]
  pythonVersions: string[]
}

async function readManifests(cwd: string, files: readonly string[]): Promise<Manifest[]> {
  const manifests: Manifest[] = []
  const seen = new Set<string>()
  for (const file of files) {
    const name = path.basename(file)
    const full = path.join(cwd, file)
    if (name === 'package.json') manifests.push(readPackageJson(file, await readFile(full, 'utf8')))
    else if (name === 'pyproject.toml')
      manifests.push(readPyproject(file, await readFile(full, 'utf8')))
    else manifests.push(...(await readRequirements(cwd, file, seen)))
  }
  return manifests
}

function readSites(
  cwd: string,
  sources: readonly string[],
  devPaths: readonly string[]
): { sites: ImportSite[]; warnings: AuditResult['warnings'] } {
  const sites: ImportSite[] = []
  const warnings: AuditResult['warnings'] = []
  // synchronous reads: thousands of small files read faster in a loop than through the thread pool
  for (const file of sources) {
    const found = sitesOf(file, readFileSync(path.join(cwd, file), 'utf8'), devPaths)
    sites.push(...found.sites)
    for (const problem of found.problems) warnings.push({ file, message: problem })
  }
  return { sites, warnings }
}

/** Drops findings the config or an inline comment suppresses; returns the kept ones and the count dropped. */
function applyIgnores(
  findings: Finding[],
  sites: ImportSite[],
  config: AuditConfig
): [Finding[], number] {
  const inline = (finding: Finding): boolean =>
    sites.some(
      site =>
        site.file === finding.file &&
        site.line === finding.line &&
        (site.ignore.includes('all') ||
          site.ignore.includes(finding.rule) ||
          (finding.rule === 'missing-optional' && site.ignore.includes('missing')))
    )
  const configured = (finding: Finding): boolean => {
    const names = config.ignore[finding.rule].map(normalizeDist)
    return (
      names.includes(normalizeDist(finding.name)) ||
      names.includes(normalizeDist(finding.name.split('.')[0]!))
    )
  }
  const kept = findings.filter(finding => !inline(finding) && !configured(finding))
  return [kept, findings.length - kept.length]
}

/** Audits the project at `cwd` with `config`. */
export async function runAudit(cwd: string, config: AuditConfig): Promise<AuditResult> {
  const found = await findFiles(cwd, config.paths, config.exclude)
  const manifests = await readManifests(cwd, found.manifests)
  const { sites, warnings } = readSites(cwd, found.sources, config.devPaths)
  const python = manifests.filter(m => m.ecosystem === 'python')
  const node = manifests.filter(m => m.ecosystem === 'node')
  const pySites = sites.filter(s => s.ecosystem === 'python')
  const jsSites = sites.filter(s => s.ecosystem === 'node')
  const notes: string[] = []
  const requires = config.pythonVersion ?? python.find(m => m.requiresPython)?.requiresPython
  const pythonVersions = targetVersions(
    requires,
    config.pythonVersion ? 'python-version' : 'requires-python'
  )
  const findings: Finding[] = []
  if (pySites.length > 0 && python.length === 0)
    notes.push(
      'Python files were found but no requirements*.txt or pyproject.toml: Python dependencies were not checked.'
    )
  else if (python.length > 0) {
    const names = python.flatMap(m =>
      m.projectName ? [m.projectName.replace(/-/g, '_'), m.projectName] : []
    )
    findings.push(
      ...pythonFindings({
        sites: pySites,
        declared: python.flatMap(m => m.declared),
        firstParty: firstPartyModules(found.sources, config.paths, [
          ...config.knownFirstParty,
          ...names
        ]),
        siblings: siblingModules(found.sources),
        versions: pythonVersions,
        userMap: config.packageMap,
        installed: await readInstalled(config.sitePackages.map(dir => path.resolve(cwd, dir)))
      })
    )
  }
  if (jsSites.length > 0 && node.length === 0)
    notes.push('JS/TS files were found but no package.json: Node dependencies were not checked.')
  else if (node.length > 0) {
    const local = await readJsLocal(cwd, found.sources, [
      ...node.flatMap(m => (m.projectName ? [m.projectName] : [])),
      ...config.knownFirstParty
    ])
    findings.push(
      ...nodeFindings({ sites: jsSites, declared: node.flatMap(m => m.declared), local })
    )
  }
  const [kept, ignored] = applyIgnores(findings, sites, config)
  return {
    files: {
      python: found.sources.filter(f => /\.pyi?$/.test(f)).length,
      node: found.sources.filter(f => !/\.pyi?$/.test(f)).length
    },
    manifests,
    imports: sites.length,
    findings: kept.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
    ignored,
    warnings,
    notes,
    pythonVersions
  }
}

/** Counts findings by rule. */
export function countByRule(findings: readonly Finding[]): Record<RuleId, number> {
  const counts: Record<RuleId, number> = {
    missing: 0,
    'missing-optional': 0,
    unused: 0,
    'misplaced-dev': 0,
    'stdlib-declared': 0
  }
  for (const finding of findings) counts[finding.rule]++
  return counts
}
