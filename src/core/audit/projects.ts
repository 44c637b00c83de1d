/**
 * Project discovery: every manifest found makes its folder a project of its ecosystem (a
 * requirements file in a folder holding no Python code, such as requirements/base.txt, belongs to the
 * folder above). Each source file is judged against its nearest project; a project also sees what
 * the projects above it declare (a workspace root's dev tools are installed for its members), and a
 * declared package counts as used when any file at or under its project imports it.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

import { readPackageJson } from './manifests/package-json.js'
import { readPyproject } from './manifests/pyproject.js'
import type { Ecosystem, Manifest } from './manifests/types.js'

export interface Project {
  /** The project's folder, relative to the audit's working directory ('.' for it). */
  dir: string
  ecosystem: Ecosystem
  /** Its own manifests. */
  manifests: Manifest[]
  /** Projects of the same ecosystem above it, nearest first. */
  ancestors: Project[]
}

const isPython = (file: string): boolean => /\.pyi?$/.test(file)

/** `file` is `dir` or under it ('.' holds everything). */
export function isUnder(file: string, dir: string): boolean {
  return dir === '.' || file === dir || file.startsWith(`${dir}/`)
}

/** The folder a manifest's project is rooted at. */
function projectDirOf(manifest: Manifest, pythonSources: readonly string[]): string {
  const dir = path.posix.dirname(manifest.file)
  if (manifest.kind !== 'requirements' || dir === '.') return dir
  const holdsCode = pythonSources.some(file => isUnder(file, dir))
  return holdsCode ? dir : path.posix.dirname(dir)
}

/** The projects of the manifests, deepest first per ecosystem. */
export function discoverProjects(
  manifests: readonly Manifest[],
  sources: readonly string[]
): Project[] {
  const pythonSources = sources.filter(isPython)
  const byKey = new Map<string, Project>()
  for (const manifest of manifests) {
    const dir = projectDirOf(manifest, pythonSources)
    const key = `${manifest.ecosystem}:${dir}`
    const project = byKey.get(key) ?? {
      dir,
      ecosystem: manifest.ecosystem,
      manifests: [],
      ancestors: []
    }
    project.manifests.push(manifest)
    byKey.set(key, project)
  }
  const projects = [...byKey.values()].sort((a, b) => depth(b.dir) - depth(a.dir))
  for (const project of projects)
    project.ancestors = projects
      .filter(o => o !== project && o.ecosystem === project.ecosystem && o.dir !== project.dir)
      .filter(o => isUnder(project.dir, o.dir))
      .sort((a, b) => depth(b.dir) - depth(a.dir))
  return projects
}

const depth = (dir: string): number => (dir === '.' ? 0 : dir.split('/').length)

/** The nearest project of `ecosystem` holding `file`, or undefined. */
export function nearestProject(
  projects: readonly Project[],
  file: string,
  ecosystem: Ecosystem
): Project | undefined {
  return projects.find(p => p.ecosystem === ecosystem && isUnder(file, p.dir))
}

/** How each ecosystem's workspace root is known, and read. */
const WORKSPACE_ROOTS = [
  {
    ecosystem: 'node',
    file: 'package.json',
    isRoot: (text: string, at: string) =>
      /"workspaces"\s*:/.test(text) || existsSync(path.join(at, 'pnpm-workspace.yaml')),
    read: readPackageJson
  },
  {
    ecosystem: 'python',
    file: 'pyproject.toml',
    isRoot: (text: string) => /^\[tool\.uv\.workspace\]/m.test(text),
    read: readPyproject
  }
] as const

/**
 * The workspace roots above `cwd` (when the audit runs from a member): the nearest package.json with
 * `workspaces` or next to a pnpm-workspace.yaml, and the nearest pyproject.toml with
 * `[tool.uv.workspace]`, looking no higher than `top` (the work tree's top, when there is one). Their
 * dependencies are visible to the members; they are never reported on (they are outside the scope).
 */
export function outerWorkspaces(cwd: string, top: string | undefined): Project[] {
  const found: Project[] = []
  const start = path.resolve(cwd)
  for (let at = path.dirname(start); ; at = path.dirname(at)) {
    if (top !== undefined && path.relative(top, at).startsWith('..')) break
    const rel = path.relative(start, at).split(path.sep).join('/')
    for (const kind of WORKSPACE_ROOTS) {
      const file = path.join(at, kind.file)
      if (found.some(p => p.ecosystem === kind.ecosystem) || !existsSync(file)) continue
      const text = readFileSync(file, 'utf8')
      if (!kind.isRoot(text, at)) continue
      try {
        found.push({
          dir: rel,
          ecosystem: kind.ecosystem,
          manifests: [kind.read(`${rel}/${kind.file}`, text)],
          ancestors: []
        })
      } catch {
        // a broken outer manifest is not this audit's to report
      }
    }
    if (top !== undefined && path.resolve(at) === path.resolve(top)) break
    if (path.dirname(at) === at) break
  }
  return found
}
