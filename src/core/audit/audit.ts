/**
 * The dependency sentinel: find the files, read the manifests, extract every import, classify it
 * and report what is missing, unused, misplaced or redundant. Reads only; fixing is fix.ts.
 */
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'

import type { AuditConfig, RuleId } from './config.js'
import { findFiles, gitTop } from './files.js'
import { type Finding, nodeFindings, pythonFindings } from './findings.js'
import { type FrozenGroup, groupFrozenPins } from './frozen.js'
import { wantedByReaders } from './implicit/index.js'
import { settleImplicit } from './implicit/settle.js'
import type { ImplicitFinding } from './implicit/types.js'
import { readJsLocal } from './js/first-party.js'
import { readPackageJson } from './manifests/package-json.js'
import { readPyproject } from './manifests/pyproject.js'
import { readRequirements } from './manifests/requirements.js'
import type { Declared, Manifest } from './manifests/types.js'
import { normalizeDist } from './names.js'
import {
  discoverProjects,
  isUnder,
  nearestProject,
  outerWorkspaces,
  type Project
} from './projects.js'
import { firstPartyModules, siblingModules } from './python/first-party.js'
import { readInstalled } from './python/installed.js'
import { type DetectedPython, detectPython, pathPython } from './python/interpreter.js'
import { targetVersions } from './python/stdlib.js'
import { type ImportSite, sitesOf } from './sites.js'

export interface AuditResult {
  files: { python: number; node: number }
  manifests: Manifest[]
  imports: number
  findings: Finding[]
  /** Declared packages no file imports but the project uses (a script, a config, a driver), with the evidence. */
  implicit: ImplicitFinding[]
  /** Freeze files' pins that nothing imports, one group per file instead of N unused findings. */
  frozen: FrozenGroup[]
  /** Each project's folder and the manifests that are its own (what fix writes to). */
  projects: Array<{ dir: string; ecosystem: 'python' | 'node'; manifests: string[] }>
  /** Findings suppressed by config or inline comments. */
  ignored: number
  /** Files that may not be valid source; what could be read was still used. */
  warnings: Array<{ file: string; message: string }>
  /** What could not be checked, and why. */
  notes: string[]
  pythonVersions: string[]
}

const PYTHON_RANGE = `${targetVersions(undefined)[0]} to ${targetVersions(undefined).at(-1)}`

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
  const found = await findFiles(cwd, config.paths, config.exclude, wantedByReaders)
  const manifests = await readManifests(cwd, found.manifests)
  const { sites, warnings } = readSites(cwd, found.sources, config.devPaths)
  const python = manifests.filter(m => m.ecosystem === 'python')
  const node = manifests.filter(m => m.ecosystem === 'node')
  const pySites = sites.filter(s => s.ecosystem === 'python')
  const jsSites = sites.filter(s => s.ecosystem === 'node')
  const notes: string[] = []
  const requires = config.pythonVersion ?? python.find(m => m.requiresPython)?.requiresPython
  const onPath = pathPython()
  // nothing declared: the Python the project runs on (its .python-version, else python3 on PATH)
  const detected = new Map<string, DetectedPython | undefined>()
  const runsOn = (dir: string): DetectedPython | undefined => {
    if (!detected.has(dir)) detected.set(dir, detectPython(cwd, dir, onPath))
    return detected.get(dir)
  }
  const undeclared = (dir: string): string[] => {
    const found = runsOn(dir)
    return found ? [found.version] : targetVersions(undefined)
  }
  const pythonVersions =
    requires === undefined && python.length > 0
      ? undeclared('.')
      : targetVersions(requires, config.pythonVersion ? 'python-version' : 'requires-python')
  const findings: Finding[] = []
  const projects = discoverProjects(manifests, found.sources)
  for (const outer of outerWorkspaces(cwd, gitTop(cwd)))
    for (const project of projects.filter(p => p.ecosystem === outer.ecosystem))
      project.ancestors.push(outer)
  const projectNames = (list: readonly Manifest[]): string[] =>
    list.flatMap(m => (m.projectName ? [m.projectName.replace(/-/g, '_'), m.projectName] : []))
  const own = (project: Project): Declared[] => project.manifests.flatMap(m => m.declared)
  const visible = (project: Project): Declared[] => [
    ...own(project),
    ...project.ancestors.flatMap(own)
  ]
  const ownManifest = (project: Project, finding: Finding): boolean =>
    project.manifests.some(m => m.file === finding.file)
  const orphans = (ecoSites: ImportSite[], ecosystem: 'python' | 'node'): number =>
    new Set(ecoSites.filter(s => !nearestProject(projects, s.file, ecosystem)).map(s => s.file))
      .size
  if (pySites.length > 0 && python.length === 0)
    notes.push(
      'Python files were found but no requirements*.txt or pyproject.toml: Python dependencies were not checked.'
    )
  else if (python.length > 0) {
    const installed = await readInstalled(config.sitePackages.map(dir => path.resolve(cwd, dir)))
    const names = projectNames(python)
    for (const project of projects.filter(p => p.ecosystem === 'python')) {
      const requiresOf =
        config.pythonVersion ??
        [project, ...project.ancestors].flatMap(p => p.manifests).find(m => m.requiresPython)
          ?.requiresPython
      const base = {
        firstParty: firstPartyModules(
          found.sources.filter(f => isUnder(f, project.dir)),
          [project.dir],
          [...config.knownFirstParty, ...names]
        ),
        siblings: siblingModules(found.sources),
        versions:
          requiresOf === undefined
            ? undeclared(project.dir)
            : requiresOf === requires
              ? pythonVersions
              : targetVersions(requiresOf, 'requires-python'),
        userMap: config.packageMap,
        installed
      }
      const mine = pySites.filter(s => nearestProject(projects, s.file, 'python') === project)
      const under = pySites.filter(s => isUnder(s.file, project.dir))
      const judged = pythonFindings({ ...base, sites: mine, declared: visible(project) }).filter(
        f => (f.rule !== 'stdlib-declared' && f.rule !== 'unused') || ownManifest(project, f)
      )
      const unused = pythonFindings({ ...base, sites: under, declared: own(project) })
      findings.push(
        ...[
          ...judged.filter(f => f.rule !== 'unused'),
          ...unused.filter(f => f.rule === 'unused')
        ].map(f => ({ ...f, project: project.dir }))
      )
    }
    const pythonDirs = new Set(projects.filter(p => p.ecosystem === 'python').map(p => p.dir))
    for (const [dir, found] of detected) {
      // the root is looked up for python_versions; it gets a note only when it is a project
      if (!pythonDirs.has(dir)) continue
      const where = dir === '.' ? 'the project at .' : dir
      notes.push(
        found
          ? `No Python version is declared for ${where} (requires-python, or python-version in the audit config): the standard library of Python ${found.version} was used, from ${found.source}. Declare requires-python to check every version you support.`
          : `No Python version is declared for ${where} and no python3 was found: every Python from ${PYTHON_RANGE} was targeted, so a module the standard library gained or lost in that range (tomllib, distutils) is reported for the versions without it. Declare requires-python to be exact.`
      )
    }
    const outside = orphans(pySites, 'python')
    if (outside > 0)
      notes.push(
        `${outside} Python file(s) are outside every project (no requirements*.txt or pyproject.toml in their folder or above): their imports were not checked.`
      )
  }
  if (jsSites.length > 0 && node.length === 0)
    notes.push('JS/TS files were found but no package.json: Node dependencies were not checked.')
  else if (node.length > 0) {
    const packageNames = [
      ...node.flatMap(m => (m.projectName ? [m.projectName] : [])),
      ...config.knownFirstParty
    ]
    for (const project of projects.filter(p => p.ecosystem === 'node')) {
      const prefix = project.dir === '.' ? '' : `${project.dir}/`
      const local = await readJsLocal(
        path.join(cwd, project.dir),
        found.sources.filter(f => isUnder(f, project.dir)).map(f => f.slice(prefix.length)),
        [
          ...new Set([
            ...node.flatMap(m => (m.projectName ? [m.projectName] : [])),
            ...packageNames
          ])
        ]
      )
      const mine = jsSites.filter(s => nearestProject(projects, s.file, 'node') === project)
      const under = jsSites.filter(s => isUnder(s.file, project.dir))
      const judged = nodeFindings({ sites: mine, declared: visible(project), local }).filter(
        f => f.rule !== 'unused'
      )
      const unused = nodeFindings({ sites: under, declared: own(project), local }).filter(
        f => f.rule === 'unused'
      )
      findings.push(...[...judged, ...unused].map(f => ({ ...f, project: project.dir })))
    }
    const outside = orphans(jsSites, 'node')
    if (outside > 0)
      notes.push(
        `${outside} JS/TS file(s) are outside every project (no package.json in their folder or above): their imports were not checked.`
      )
  }
  const [kept, ignored] = applyIgnores(findings, sites, config)
  const settled = await settleImplicit(
    cwd,
    config,
    projects,
    kept,
    [...found.sources, ...found.manifests, ...found.others],
    sites
  )
  const grouped = groupFrozenPins(settled.findings, manifests)
  notes.push(...grouped.frozen.map(group => group.note))
  return {
    files: {
      python: found.sources.filter(f => /\.pyi?$/.test(f)).length,
      node: found.sources.filter(f => !/\.pyi?$/.test(f)).length
    },
    manifests,
    imports: sites.length,
    findings: grouped.findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
    implicit: settled.implicit,
    frozen: grouped.frozen,
    projects: projects.map(p => ({
      dir: p.dir,
      ecosystem: p.ecosystem,
      manifests: p.manifests.map(m => m.file)
    })),
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
