/**
 * Which declared package an implicit use names. A package name matches as written (npm) or
 * PEP 503-normalised (Python); a program through what is installed, the table of programs.ts, then its
 * own name (`@scope/biome` runs `biome`, `x-cli` runs `x`); a Python module through the import
 * resolution the audit uses for imports, then a declared distribution spelled like the module with
 * separators dropped (`speech_recognition`, `azure.ai.documentintelligence`), a `django-`/`flask-`/
 * `sphinx-`/`python-` prefix removed (`csp` is django-csp) or a dotted suffix removed (pdfminer.six).
 */
import type { Declared } from '../manifests/types.js'
import { normalizeDist } from '../names.js'
import { type InstalledIndex, resolveImport } from '../python/mapping.js'
import { NODE_PROGRAMS, PYTHON_PROGRAMS } from './programs.js'
import type { ImplicitUse } from './types.js'

export interface MatchContext {
  /** Installed npm programs: program → packages. */
  nodePrograms: ReadonlyMap<string, readonly string[]>
  /** npm packages found installed (their `bin`, or its absence, is then the truth). */
  nodeInstalled: ReadonlySet<string>
  /** Installed Python console scripts: program → distributions. */
  pythonPrograms: ReadonlyMap<string, readonly string[]>
  userMap: Readonly<Record<string, readonly string[]>>
  installed: InstalledIndex
}

const squash = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '')
const PREFIX = /^(django|flask|sphinx|python|py)-/

/** Whether `declared` is the package `name` (npm exact, Python normalised). */
function isPackage(declared: Declared, name: string): boolean {
  return declared.ecosystem === 'node'
    ? declared.name === name
    : declared.key === normalizeDist(name)
}

function programPackages(program: string, declared: Declared, context: MatchContext): boolean {
  const listed =
    declared.ecosystem === 'node'
      ? [...(context.nodePrograms.get(program) ?? []), ...(NODE_PROGRAMS[program] ?? [])]
      : [...(context.pythonPrograms.get(program) ?? []), ...(PYTHON_PROGRAMS[program] ?? [])]
  if (listed.some(name => isPackage(declared, name))) return true
  // an installed package's own bin list is the truth: its name alone no longer counts
  if (declared.ecosystem === 'node' && context.nodeInstalled.has(declared.name)) return false
  const bare = declared.name.replace(/^@[^/]+\//, '')
  return (
    isPackage(declared, program) ||
    (declared.ecosystem === 'node' && (bare === program || bare === `${program}-cli`))
  )
}

function modulePackages(module: string, declared: Declared, context: MatchContext): boolean {
  if (declared.ecosystem !== 'python') return false
  const resolution = resolveImport(module, context.userMap, context.installed)
  if (resolution.source !== 'identity')
    return resolution.candidates.some(name => isPackage(declared, name))
  const top = squash(module.split('.')[0]!)
  const key = squash(declared.key)
  return (
    key === top ||
    module
      .split('.')
      .some((_, i, parts) => i > 0 && squash(parts.slice(0, i + 1).join('.')) === key) ||
    squash(declared.key.replace(PREFIX, '')) === top ||
    // pdfminer.six provides pdfminer
    (declared.name.includes('.') && squash(declared.name.split('.')[0]!) === top)
  )
}

/** The declared packages (of `declared`) that `use` names. */
export function declaredBy(
  use: ImplicitUse,
  declared: readonly Declared[],
  context: MatchContext
): Declared[] {
  return declared.filter(d =>
    use.by === 'command'
      ? programPackages(use.name, d, context)
      : use.by === 'module'
        ? modulePackages(use.name, d, context)
        : isPackage(d, use.name)
  )
}
