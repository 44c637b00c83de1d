/** Package names: PEP 503 normalisation for Python, and the package a JS specifier refers to. */
import { builtinModules } from 'node:module'

/** PEP 503: lower case, runs of `-`, `_` and `.` become one `-`. */
export function normalizeDist(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-')
}

/** Node builtins, including those that exist only with the `node:` prefix. */
const BUILTINS = new Set(builtinModules)
const PREFIX_ONLY = new Set(['sea', 'sqlite', 'test', 'test/reporters'])

export type SpecifierKind = 'package' | 'builtin' | 'relative' | 'subpath-import' | 'url'

/** What a JS specifier refers to; for packages, the package name (`@scope/name` or `name`). */
export function specifierTarget(specifier: string): { kind: SpecifierKind; name: string } {
  // a loader chain (`style-loader!./x.css`) names its resource last; a query (`x?raw`) is not part of it
  const resource = specifier.slice(specifier.lastIndexOf('!') + 1)
  if (resource !== specifier) return specifierTarget(resource)
  const bare = specifier.split('?')[0]!
  if (specifier.startsWith('.') || specifier.startsWith('/'))
    return { kind: 'relative', name: specifier }
  if (specifier.startsWith('#')) return { kind: 'subpath-import', name: specifier }
  if (specifier.startsWith('node:')) return { kind: 'builtin', name: specifier.slice(5) }
  if (specifier.startsWith('npm:'))
    return specifierTarget(specifier.slice(4).replace(/(.)@[^/]*$/, '$1'))
  if (/^[a-z][a-z0-9+.-]*:/i.test(specifier)) return { kind: 'url', name: specifier }
  const parts = bare.split('/')
  const name = bare.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
  if (BUILTINS.has(bare) || (BUILTINS.has(name) && !PREFIX_ONLY.has(name)))
    return { kind: 'builtin', name: bare }
  return { kind: 'package', name }
}
