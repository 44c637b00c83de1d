/**
 * Which files an audit reads: Python and JS/TS sources and manifests under the configured paths,
 * minus default excludes (virtualenvs, node_modules, VCS and build output) and whatever .gitignore
 * files ignore.
 */
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

export const DEFAULT_EXCLUDES = [
  '.git',
  'node_modules',
  '.venv',
  'venv',
  'env',
  '.env',
  '.tox',
  '.nox',
  '__pycache__',
  'build',
  'dist',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  'site-packages',
  '.direnv',
  'coverage',
  '.next',
  '.cache',
  '__pypackages__'
]

const SOURCE = /\.(py|pyi|[cm]?[jt]sx?)$/
const MANIFEST = /^(requirements.*\.(txt|in)|pyproject\.toml|package\.json)$/

/** One .gitignore pattern as a matcher of paths relative to the .gitignore's folder. */
interface IgnoreRule {
  regex: RegExp
  negate: boolean
  dirOnly: boolean
}

/** Translates a gitignore glob to a regex over a relative path. */
function globToRegex(glob: string, anchored: boolean): RegExp {
  let body = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!
    if (c === '*' && glob[i + 1] === '*') {
      body += glob[i + 2] === '/' ? '(?:.*/)?' : '.*'
      i += glob[i + 2] === '/' ? 2 : 1
    } else if (c === '*') body += '[^/]*'
    else if (c === '?') body += '[^/]'
    else if (c === '[') {
      const end = glob.indexOf(']', i)
      body += end > i ? glob.slice(i, end + 1).replace('[!', '[^') : '\\['
      i = end > i ? end : i
    } else body += c.replace(/[.+^${}()|\\]/g, '\\$&')
  }
  return new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}(?:/.*)?$`)
}

/** Parses a .gitignore's text. */
export function parseGitignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = []
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, '')
    if (!line || line.startsWith('#')) continue
    const negate = line.startsWith('!')
    if (negate) line = line.slice(1)
    const dirOnly = line.endsWith('/')
    if (dirOnly) line = line.slice(0, -1)
    const anchored = line.includes('/') && !line.startsWith('**/')
    rules.push({ regex: globToRegex(line.replace(/^\//, ''), anchored), negate, dirOnly })
  }
  return rules
}

/** The last matching rule decides, as in git. */
function ignored(
  rules: ReadonlyArray<{ base: string; rules: IgnoreRule[] }>,
  relative: string,
  isDir: boolean
): boolean {
  let result = false
  for (const { base, rules: list } of rules) {
    if (base && !relative.startsWith(`${base}/`)) continue
    const local = base ? relative.slice(base.length + 1) : relative
    for (const rule of list)
      if ((!rule.dirOnly || isDir) && rule.regex.test(local)) result = !rule.negate
  }
  return result
}

export interface FoundFiles {
  sources: string[]
  manifests: string[]
}

/**
 * Walks `roots` (relative to `cwd`), returning source files and manifests, relative to `cwd`.
 * `exclude` holds extra gitignore-style patterns, applied from `cwd`.
 */
export async function findFiles(
  cwd: string,
  roots: readonly string[],
  exclude: readonly string[] = []
): Promise<FoundFiles> {
  const found: FoundFiles = { sources: [], manifests: [] }
  const rules: Array<{ base: string; rules: IgnoreRule[] }> = [
    { base: '', rules: parseGitignore(exclude.join('\n')) }
  ]
  const visit = async (relative: string): Promise<void> => {
    const dir = path.join(cwd, relative)
    const gitignore = await readFile(path.join(dir, '.gitignore'), 'utf8').catch(() => undefined)
    if (gitignore !== undefined)
      rules.push({ base: relative === '.' ? '' : relative, rules: parseGitignore(gitignore) })
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const child = relative === '.' ? entry.name : `${relative}/${entry.name}`
      if (DEFAULT_EXCLUDES.includes(entry.name) || ignored(rules, child, entry.isDirectory()))
        continue
      if (entry.isDirectory()) await visit(child)
      else if (entry.isFile() && MANIFEST.test(entry.name)) found.manifests.push(child)
      else if (entry.isFile() && SOURCE.test(entry.name) && !entry.name.endsWith('.min.js'))
        found.sources.push(child)
    }
  }
  for (const root of roots) await visit(path.normalize(root).replace(/\/$/, '') || '.')
  return found
}
