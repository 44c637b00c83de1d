/**
 * First-party JS/TS specifiers: the package's own name, workspace packages, tsconfig/jsconfig `paths`
 * aliases (`@/*`) and `baseUrl`-relative folders. JSONC (comments, trailing commas) is accepted.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'

/** Strips comments and trailing commas from JSONC, leaving strings alone. */
export function stripJsonComments(text: string): string {
  return text
    .replace(/"(?:\\.|[^"\\])*"|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, match =>
      match.startsWith('"') ? match : ''
    )
    .replace(/,(\s*[}\]])/g, '$1')
}

export interface JsLocal {
  /** Alias prefixes from `paths` (`@/` for `@/*`, or an exact alias). */
  aliases: string[]
  /** Top-level folders under `baseUrl` that bare specifiers may name. */
  baseFolders: Set<string>
  /** The package's own name and workspace package names. */
  packages: Set<string>
}

/** Reads tsconfig.json or jsconfig.json at `cwd` (if any) for `paths` and `baseUrl`. */
export async function readJsLocal(
  cwd: string,
  sources: readonly string[],
  packageNames: readonly string[]
): Promise<JsLocal> {
  const local: JsLocal = { aliases: [], baseFolders: new Set(), packages: new Set(packageNames) }
  for (const name of ['tsconfig.json', 'jsconfig.json']) {
    const text = await readFile(path.join(cwd, name), 'utf8').catch(() => undefined)
    if (text === undefined) continue
    let options: { paths?: Record<string, unknown>; baseUrl?: string } = {}
    try {
      options =
        (JSON.parse(stripJsonComments(text)) as { compilerOptions?: typeof options })
          .compilerOptions ?? {}
    } catch {
      continue
    }
    for (const alias of Object.keys(options.paths ?? {}))
      local.aliases.push(alias.replace(/\*$/, ''))
    if (options.baseUrl !== undefined) {
      const base = path.posix.normalize(options.baseUrl).replace(/^\.\/?|\/$/g, '')
      for (const file of sources) {
        if (base && !file.startsWith(`${base}/`)) continue
        local.baseFolders.add(
          (base ? file.slice(base.length + 1) : file).split('/')[0]!.replace(/\.[cm]?[jt]sx?$/, '')
        )
      }
    }
  }
  return local
}

/** True when a package-like specifier is really the project's own code. */
export function isJsLocal(specifier: string, packageName: string, local: JsLocal): boolean {
  if (local.packages.has(packageName)) return true
  if (
    local.aliases.some(alias =>
      alias.endsWith('/')
        ? specifier.startsWith(alias)
        : specifier === alias || specifier.startsWith(`${alias}/`)
    )
  )
    return true
  return local.baseFolders.has(specifier.split('/')[0]!)
}
