/**
 * Which files an audit reads: Python and JS/TS sources and manifests under the configured paths. The
 * scope comes from the repository itself: what its .gitignore files and .git/info/exclude ignore (read
 * with the `ignore` library, git's own rules), virtual environments (recognised by their pyvenv.cfg,
 * or conda-meta/ for conda), installed packages (node_modules, __pypackages__) and VCS folders, plus
 * the user's excludes. No other folder is skipped for its name: an un-ignored `build/` or `env/` holding
 * code is code.
 */
import { existsSync, statSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

import ignoreModule, { type Ignore } from 'ignore'

// `ignore` is CommonJS whose types say `export default`: its module.exports.default is the factory
const ignore = ignoreModule.default

/** Folders never read, whatever the ignore files say: installed packages and version control. */
export const DEFAULT_EXCLUDES = ['.git', '.hg', '.svn', '.jj', 'node_modules', '__pypackages__']

const SOURCE = /\.(py|pyi|[cm]?[jt]sx?)$/
const MANIFEST = /^(requirements.*\.(txt|in)|pyproject\.toml|package\.json)$/

/** A folder that is a Python environment: a venv (pyvenv.cfg) or a conda environment (conda-meta/). */
export function isEnvironment(dir: string): boolean {
  return existsSync(path.join(dir, 'pyvenv.cfg')) || existsSync(path.join(dir, 'conda-meta'))
}

/** One ignore file's rules, applied to paths relative to its folder (`base`, relative to cwd; '' for cwd). */
interface IgnoreLayer {
  base: string
  rules: Ignore
}

/** The git work tree holding `dir` (the nearest folder upwards with a .git), or undefined. */
export function gitTop(dir: string): string | undefined {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (existsSync(path.join(at, '.git'))) return at
    if (path.dirname(at) === at) return undefined
  }
}

/** The .git directory of a work tree: `.git` itself, or where a `.git` file (worktree, submodule) points. */
async function gitDir(top: string): Promise<string> {
  const dotGit = path.join(top, '.git')
  if (statSync(dotGit).isDirectory()) return dotGit
  const text = await readFile(dotGit, 'utf8').catch(() => '')
  const target = /^gitdir:\s*(.+)$/m.exec(text)?.[1]?.trim()
  if (!target) return dotGit
  const dir = path.resolve(top, target)
  // a linked worktree keeps info/exclude in the main .git (commondir)
  const common = await readFile(path.join(dir, 'commondir'), 'utf8').catch(() => undefined)
  return common ? path.resolve(dir, common.trim()) : dir
}

export interface FoundFiles {
  sources: string[]
  manifests: string[]
  /** Other files a caller asked to keep (`keep`): scripts and configs the implicit-use readers read. */
  others: string[]
}

/**
 * Walks `roots` (relative to `cwd`), returning source files and manifests, relative to `cwd`.
 * `exclude` holds extra gitignore-style patterns, applied from `cwd`; they win over any negation.
 * `keep` picks other files (by base name and path) to return in `others`.
 */
export async function findFiles(
  cwd: string,
  roots: readonly string[],
  exclude: readonly string[] = [],
  keep: (name: string, file: string) => boolean = () => false
): Promise<FoundFiles> {
  const found: FoundFiles = { sources: [], manifests: [], others: [] }
  const user = ignore().add(exclude.join('\n'))
  // ignore files above cwd, up to the work tree's top, and .git/info/exclude apply to cwd's files too;
  // each tests a path relative to its own folder, so cwd's paths get the folder-to-cwd prefix
  const outer: Array<{ prefix: string; rules: Ignore }> = []
  const base = path.resolve(cwd)
  const top = gitTop(cwd)
  const prefixOf = (dir: string): string => path.relative(dir, base).split(path.sep).join('/')
  if (top) {
    const info = await readFile(path.join(await gitDir(top), 'info/exclude'), 'utf8').catch(
      () => undefined
    )
    if (info !== undefined) outer.push({ prefix: prefixOf(top), rules: ignore().add(info) })
    const chain: string[] = []
    for (let at = path.dirname(base); base !== top && at.startsWith(top); at = path.dirname(at)) {
      chain.unshift(at)
      if (at === top) break
    }
    for (const dir of chain) {
      const text = await readFile(path.join(dir, '.gitignore'), 'utf8').catch(() => undefined)
      if (text !== undefined) outer.push({ prefix: prefixOf(dir), rules: ignore().add(text) })
    }
  }
  const ignoredAbove = (relative: string, isDir: boolean): boolean => {
    for (let i = outer.length - 1; i >= 0; i--) {
      const { prefix, rules } = outer[i]!
      const local = prefix ? `${prefix}/${relative}` : relative
      const verdict = rules.test(isDir ? `${local}/` : local)
      if (verdict.ignored) return true
      if (verdict.unignored) return false
    }
    return false
  }
  const inner: IgnoreLayer[] = []
  const visit = async (relative: string): Promise<void> => {
    const dir = path.join(cwd, relative)
    const text = await readFile(path.join(dir, '.gitignore'), 'utf8').catch(() => undefined)
    const layerBase = relative === '.' ? '' : relative
    if (text !== undefined && !inner.some(l => l.base === layerBase))
      inner.push({ base: layerBase, rules: ignore().add(text) })
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const child = relative === '.' ? entry.name : `${relative}/${entry.name}`
      const isDir = entry.isDirectory()
      if (isDir && DEFAULT_EXCLUDES.includes(entry.name)) continue
      if (user.ignores(isDir ? `${child}/` : child)) continue
      const mine = inner.filter(l => !l.base || child.startsWith(`${l.base}/`))
      const decided = ignoredDecision(mine, child, isDir)
      if (decided === true || (decided === undefined && ignoredAbove(child, isDir))) continue
      if (isDir) {
        if (!isEnvironment(path.join(cwd, child))) await visit(child)
      } else if (entry.isFile() && MANIFEST.test(entry.name)) found.manifests.push(child)
      else if (entry.isFile() && SOURCE.test(entry.name) && !entry.name.endsWith('.min.js'))
        found.sources.push(child)
      else if (entry.isFile() && keep(entry.name, child)) found.others.push(child)
    }
  }
  for (const root of roots) await visit(path.normalize(root).replace(/\/$/, '') || '.')
  return found
}

/** The verdict of cwd's own ignore files on `relative`: true, false (re-included), or undefined (no rule). */
function ignoredDecision(
  layers: readonly IgnoreLayer[],
  relative: string,
  isDir: boolean
): boolean | undefined {
  for (let i = layers.length - 1; i >= 0; i--) {
    const { base, rules } = layers[i]!
    const local = base ? relative.slice(base.length + 1) : relative
    const verdict = rules.test(isDir ? `${local}/` : local)
    if (verdict.ignored) return true
    if (verdict.unignored) return false
  }
  return undefined
}
