/**
 * The audit's implicit-use phase: read every use the readers see, and turn each `unused` finding
 * whose package a use names (in a file at or under its project, or above it and speaking for it)
 * into a record of implicit use with its evidence.
 */
import path from 'node:path'

import type { AuditConfig } from '../config.js'
import type { Finding } from '../findings.js'
import { isUnder, type Project } from '../projects.js'
import { readInstalled } from '../python/installed.js'
import type { ImportSite } from '../sites.js'
import { readImplicit } from './index.js'
import { declaredBy, type MatchContext } from './match.js'
import { installedNodePrograms, installedPythonPrograms } from './programs.js'
import type { ImplicitFinding, ImplicitUse } from './types.js'

const folderOf = (file: string): string => (file.includes('/') ? path.posix.dirname(file) : '.')

/** Whether a use seen in a file speaks for the project at `dir`. */
function reaches(use: ImplicitUse, dir: string): boolean {
  return isUnder(use.file, dir) || isUnder(dir, use.scope ?? folderOf(use.file))
}

async function matchContext(
  cwd: string,
  config: AuditConfig,
  projects: readonly Project[]
): Promise<MatchContext> {
  const node = projects.filter(p => p.ecosystem === 'node')
  const names = [
    ...new Set(node.flatMap(p => p.manifests.flatMap(m => m.declared.map(d => d.name))))
  ]
  const dirs = [...new Set(['.', ...node.map(p => p.dir)])].map(dir => path.join(cwd, dir))
  const sitePackages = config.sitePackages.map(dir => path.resolve(cwd, dir))
  const { programs, installed } = installedNodePrograms(dirs, names)
  return {
    nodePrograms: programs,
    nodeInstalled: installed,
    pythonPrograms: installedPythonPrograms(sitePackages),
    userMap: config.packageMap,
    installed: await readInstalled(sitePackages)
  }
}

/** Splits `findings` into those kept and the unused ones an implicit use answers. */
export async function settleImplicit(
  cwd: string,
  config: AuditConfig,
  projects: readonly Project[],
  findings: readonly Finding[],
  files: readonly string[],
  sites: readonly ImportSite[]
): Promise<{ findings: Finding[]; implicit: ImplicitFinding[] }> {
  const unused = findings.filter(f => f.rule === 'unused')
  if (unused.length === 0 && !findings.some(f => f.ecosystem === 'python'))
    return { findings: [...findings], implicit: [] }
  const imports = new Map<string, { module: string; file: string; line: number }>()
  for (const site of sites)
    if (site.ecosystem === 'python' && site.level === 0) {
      // one site per module and folder: each project needs a site of its own
      const key = `${site.name} ${folderOf(site.file)}`
      if (!imports.has(key))
        imports.set(key, { module: site.name, file: site.file, line: site.line })
    }
  const uses = readImplicit(cwd, files, [...imports.values()])
  const context = await matchContext(cwd, config, projects)
  const implicit: ImplicitFinding[] = []
  const answered = new Set<Finding>()
  for (const finding of unused) {
    const project = projects.find(
      p => p.dir === (finding.project ?? '.') && p.ecosystem === finding.ecosystem
    )
    const declared = project?.manifests
      .flatMap(m => m.declared)
      .find(d => d.name === finding.name && d.file === finding.file)
    if (!project || !declared) continue
    const seen = uses.filter(
      u => reaches(u, project.dir) && declaredBy(u, [declared], context).length > 0
    )
    const first = seen[0]
    if (!first) continue
    answered.add(finding)
    implicit.push({
      name: declared.name,
      ecosystem: declared.ecosystem,
      project: project.dir,
      declaredIn: { file: declared.file, line: declared.line },
      kind: first.kind,
      file: first.file,
      line: first.line,
      evidence: first.evidence,
      also: seen.slice(1, 4).map(u => ({ kind: u.kind, file: u.file, line: u.line }))
    })
  }
  // the spelling rule that counts a declared package as used also provides the import it matched
  for (const finding of findings) {
    if (finding.ecosystem !== 'python' || !finding.rule.startsWith('missing')) continue
    const project = projects.find(
      p => p.dir === (finding.project ?? '.') && p.ecosystem === 'python'
    )
    const visible = [project, ...(project?.ancestors ?? [])].flatMap(p => p?.manifests ?? [])
    const use = {
      name: finding.name,
      by: 'module' as const,
      kind: '',
      file: '',
      line: 0,
      evidence: ''
    }
    if (
      declaredBy(
        use,
        visible.flatMap(m => m.declared),
        context
      ).length > 0
    )
      answered.add(finding)
  }
  return { findings: findings.filter(f => !answered.has(f)), implicit }
}
