/**
 * Import sites: every import of every scanned file, in one shape for both ecosystems, with the
 * inline `chaos-ci: ignore[rule]` comment of its line and whether the file is development code.
 */
import { jsImports } from './js/imports.js'
import { pythonImports } from './python/imports.js'

export interface ImportSite {
  ecosystem: 'python' | 'node'
  file: string
  line: number
  /** Python: the dotted module reached (`google.cloud.storage`); JS: the specifier. */
  name: string
  /** Python: relative level; JS: 0. */
  level: number
  /** Why it is not a plain runtime import: type-checking-only, optional, conditional, dynamic. */
  tags: string[]
  typeOnly: boolean
  /** Rules an inline comment suppresses on this line (`all` for a bare `chaos-ci: ignore`). */
  ignore: string[]
  /** The file is tests, tooling or other development code. */
  dev: boolean
}

const DEFAULT_DEV = [
  /(^|\/)(tests?|__tests__|spec|testing|e2e)\//,
  /(^|\/)test_[^/]*\.py$/,
  /_test\.py$/,
  /(^|\/)conftest\.py$/,
  /\.(test|spec)\.[cm]?[jt]sx?$/,
  /(^|\/)(setup|noxfile|tasks|fabfile)\.py$/,
  /(^|\/)[^/]*\.config\.[cm]?[jt]s$/,
  /(^|\/)docs\//
]

/** True when `file` is development code: tests, configs, or a configured dev path prefix. */
export function isDevFile(file: string, devPaths: readonly string[]): boolean {
  return (
    DEFAULT_DEV.some(pattern => pattern.test(file)) ||
    devPaths.some(
      prefix =>
        file === prefix.replace(/\/$/, '') ||
        file.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`)
    )
  )
}

/** Rules named by a `chaos-ci: ignore[...]` comment in `line`, `['all']` for a bare one, [] for none. */
export function inlineIgnores(line: string | undefined): string[] {
  const match = /chaos-ci:\s*ignore(?:\[([^\]]*)\])?/.exec(line ?? '')
  if (!match) return []
  return match[1]
    ? match[1]
        .split(',')
        .map(rule => rule.trim())
        .filter(Boolean)
    : ['all']
}

/** The import sites of one file, and any problems reading it. */
export function sitesOf(
  file: string,
  text: string,
  devPaths: readonly string[]
): { sites: ImportSite[]; problems: string[] } {
  // only files that hold an inline ignore need their lines (splitting every file costs)
  const lines = text.includes('chaos-ci:') ? text.split('\n') : []
  const dev = isDevFile(file, devPaths)
  if (/\.pyi?$/.test(file)) {
    const { imports, problems } = pythonImports(text)
    const sites = imports.flatMap(record => {
      // `from google.cloud import storage` reaches google.cloud.storage: what decides the distribution
      const named = record.level === 0 ? record.names.map(n => `${record.module}.${n}`) : []
      return (named.length ? named : [record.module]).map<ImportSite>(name => ({
        ecosystem: 'python',
        file,
        line: record.line,
        name,
        level: record.level,
        tags: [...record.tags],
        typeOnly: record.tags.has('type-checking-only') || file.endsWith('.pyi'),
        ignore: inlineIgnores(lines[record.line - 1]),
        dev
      }))
    })
    return { sites, problems }
  }
  const declarationFile = /\.d\.[cm]?ts$/.test(file)
  const sites = jsImports(text, declarationFile).map<ImportSite>(record => ({
    ecosystem: 'node',
    file,
    line: record.line,
    name: record.specifier,
    level: 0,
    tags: record.kind === 'dynamic' ? ['dynamic'] : [],
    typeOnly: record.typeOnly,
    ignore: inlineIgnores(lines[record.line - 1]),
    dev
  }))
  return { sites, problems: [] }
}
