/**
 * First-party Python modules: top-level packages and modules of each scanned root and its src/
 * folder (PEP 420 folders without __init__.py included), the project's own name, known-first-party,
 * and the script folder of the importing file (Python puts it on sys.path).
 */
import path from 'node:path'

/** Module names importable from the project itself, derived from the source files found. */
export function firstPartyModules(
  sources: readonly string[],
  roots: readonly string[],
  extra: readonly string[]
): Set<string> {
  const names = new Set(extra)
  const bases = roots.flatMap(root => {
    const clean = root === '.' ? '' : root.replace(/\/$/, '')
    return [clean, clean ? `${clean}/src` : 'src']
  })
  for (const file of sources) {
    if (!/\.pyi?$/.test(file)) continue
    for (const base of bases) {
      if (base && !file.startsWith(`${base}/`)) continue
      const first = (base ? file.slice(base.length + 1) : file).split('/')[0]!
      names.add(first.replace(/\.pyi?$/, ''))
    }
  }
  return names
}

/** Module names next to a file (its folder's modules and packages): the script-folder import path. */
export function siblingModules(sources: readonly string[]): Map<string, Set<string>> {
  const byDir = new Map<string, Set<string>>()
  for (const file of sources) {
    if (!/\.pyi?$/.test(file)) continue
    const parts = file.split('/')
    for (let depth = 0; depth < parts.length; depth++) {
      const dir = parts.slice(0, depth).join('/')
      const name = parts[depth]!.replace(/\.pyi?$/, '')
      const set = byDir.get(dir) ?? new Set<string>()
      set.add(name)
      byDir.set(dir, set)
    }
  }
  return byDir
}

/** The folder of a relative file path ('' at the root). */
export function dirOf(file: string): string {
  const dir = path.posix.dirname(file)
  return dir === '.' ? '' : dir
}
