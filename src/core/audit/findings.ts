/**
 * Findings from import sites and declarations:
 * - `missing`: an unconditional runtime import that no declared dependency provides;
 * - `missing-optional`: the same for optional, conditional, type-checking-only or dynamic imports;
 * - `unused`: a declared (non-dev) dependency nothing imports;
 * - `misplaced-dev`: a dev-only dependency imported by non-dev code;
 * - `stdlib-declared`: a standard-library module declared as a dependency.
 */
import type { RuleId } from './config.js'
import type { JsLocal } from './js/first-party.js'
import { isJsLocal } from './js/first-party.js'
import type { Declared } from './manifests/types.js'
import { normalizeDist, specifierTarget } from './names.js'
import { dirOf } from './python/first-party.js'
import {
  type InstalledIndex,
  isDeclared,
  type Resolution,
  resolveImport
} from './python/mapping.js'
import { isStdlib } from './python/stdlib.js'
import type { ImportSite } from './sites.js'

export interface Finding {
  rule: RuleId
  ecosystem: 'python' | 'node'
  /** The import (module or package) or the declared dependency. */
  name: string
  file: string
  line: number
  /** Other places the same import appears (up to 5). */
  also: Array<{ file: string; line: number }>
  message: string
  /** The project (folder of its manifests, relative to the working directory) the finding belongs to. */
  project?: string
  /** For a missing import: what to declare, and how sure that is. */
  suggestion?: {
    names: string[]
    confidence: Resolution['confidence']
    source: Resolution['source']
  }
}

export interface PythonContext {
  sites: ImportSite[]
  declared: Declared[]
  firstParty: ReadonlySet<string>
  siblings: ReadonlyMap<string, ReadonlySet<string>>
  versions: readonly string[]
  userMap: Readonly<Record<string, readonly string[]>>
  installed: InstalledIndex
}

export interface NodeContext {
  sites: ImportSite[]
  declared: Declared[]
  local: JsLocal
}

/** Dev tools and servers run from the command line, never imported: not reported as unused. */
export const NOT_IMPORTED = new Set(
  [
    'pip',
    'setuptools',
    'wheel',
    'build',
    'twine',
    'gunicorn',
    'uvicorn',
    'hypercorn',
    'waitress',
    'daphne',
    'supervisor',
    'pytest',
    'coverage',
    'black',
    'ruff',
    'flake8',
    'isort',
    'mypy',
    'pylint',
    'pre-commit',
    'tox',
    'nox',
    'typescript',
    'tslib',
    'nodemon',
    'ts-node',
    'tsx'
  ].map(normalizeDist)
)

const HARD = (site: ImportSite): boolean => site.tags.length === 0

function describeSuggestion(resolution: Resolution): string {
  const names = resolution.candidates.join(' or ')
  switch (resolution.confidence) {
    case 'high':
      return `declare ${names} (${resolution.source === 'user-map' ? 'your package-map' : 'installed metadata'})`
    case 'medium':
      return `declare ${names} (curated table${resolution.candidates.length > 1 ? '; several distributions provide it, pick one' : ''})`
    default:
      return `it may come from a distribution named ${names} — a guess: check before adding it`
  }
}

/** Groups sites by key, keeping the first as the finding's location and up to 5 more. */
function grouped(
  sites: ImportSite[],
  keyOf: (site: ImportSite) => string | undefined,
  make: (first: ImportSite, key: string, all: ImportSite[]) => Finding | undefined
): Finding[] {
  const groups = new Map<string, ImportSite[]>()
  for (const site of sites) {
    const key = keyOf(site)
    if (key === undefined) continue
    groups.set(key, [...(groups.get(key) ?? []), site])
  }
  return [...groups].flatMap(([key, all]) => make(all[0]!, key, all) ?? [])
}

const others = (all: ImportSite[]): Finding['also'] =>
  all.slice(1, 6).map(site => ({ file: site.file, line: site.line }))

/** Python findings. */
export function pythonFindings(context: PythonContext): Finding[] {
  // a module a file probes for (try: import x / except ImportError) is optional in all of that file:
  // its other imports of it (in a helper called only when the probe succeeded) are guarded too
  const probed = new Set(
    context.sites
      .filter(site => site.tags.includes('optional'))
      .map(site => `${site.file}\0${site.name.split('.')[0]}`)
  )
  const guarded = (site: ImportSite): ImportSite =>
    HARD(site) && probed.has(`${site.file}\0${site.name.split('.')[0]}`)
      ? { ...site, tags: ['optional'] }
      : site
  context = { ...context, sites: context.sites.map(guarded) }
  const local = (site: ImportSite, top: string): boolean =>
    context.firstParty.has(top) || !!context.siblings.get(dirOf(site.file))?.has(top)
  const inEvery = (top: string): boolean =>
    context.versions.every(version => isStdlib(top, [version]))
  const third = context.sites.filter(site => {
    const top = site.name.split('.')[0]!
    return site.level === 0 && !local(site, top) && !isStdlib(top, context.versions)
  })
  // stdlib in some targeted versions only (distutils on 3.12+, tomllib before 3.11): a hard import breaks there
  const partial = context.sites.filter(site => {
    const top = site.name.split('.')[0]!
    return (
      site.level === 0 &&
      HARD(site) &&
      !local(site, top) &&
      isStdlib(top, context.versions) &&
      !inEvery(top)
    )
  })
  const declaredAll = new Set(context.declared.map(d => d.key))
  const declaredRuntime = new Set(context.declared.filter(d => d.group !== 'dev').map(d => d.key))
  const resolved = new Map(
    third.map(site => [site, resolveImport(site.name, context.userMap, context.installed)])
  )
  const findings: Finding[] = []
  const missing = third.filter(site => !isDeclared(resolved.get(site)!, declaredAll))
  for (const hard of [true, false]) {
    findings.push(
      ...grouped(
        missing.filter(
          site =>
            HARD(site) === hard &&
            (hard ||
              !missing.some(
                other => HARD(other) && other.name.split('.')[0] === site.name.split('.')[0]
              ))
        ),
        site => resolved.get(site)!.key,
        (first, key, all) => {
          const resolution = resolved.get(first)!
          return {
            rule: hard ? 'missing' : 'missing-optional',
            ecosystem: 'python',
            name: key,
            file: first.file,
            line: first.line,
            also: others(all),
            message: `'${key}' is imported${hard ? '' : ` (${first.tags.join(', ')})`} but no declared dependency provides it: ${describeSuggestion(resolution)}.`,
            suggestion: {
              names: resolution.candidates,
              confidence: resolution.confidence,
              source: resolution.source
            }
          }
        }
      )
    )
  }
  findings.push(
    ...grouped(
      partial,
      site => site.name.split('.')[0],
      (first, key, all) => {
        const missingIn = context.versions.filter(version => !isStdlib(key, [version]))
        const resolution = resolveImport(key, context.userMap, context.installed)
        const provided = resolution.confidence !== 'low' && isDeclared(resolution, declaredAll)
        if (provided) return undefined
        const replacement =
          resolution.confidence === 'low'
            ? 'guard it with a version check'
            : describeSuggestion(resolution)
        return {
          rule: 'missing',
          ecosystem: 'python',
          name: key,
          file: first.file,
          line: first.line,
          also: others(all),
          message: `'${key}' is not in the standard library of Python ${missingIn.join(', ')}, which the project targets: ${replacement}.`,
          ...(resolution.confidence === 'low'
            ? {}
            : {
                suggestion: {
                  names: resolution.candidates,
                  confidence: resolution.confidence,
                  source: resolution.source
                }
              })
        }
      }
    )
  )
  const runtimeSites = third.filter(site => !site.dev && !site.typeOnly)
  findings.push(
    ...grouped(
      runtimeSites.filter(
        site =>
          isDeclared(resolved.get(site)!, declaredAll) &&
          !isDeclared(resolved.get(site)!, declaredRuntime)
      ),
      site => resolved.get(site)!.key,
      (first, key, all) => ({
        rule: 'misplaced-dev',
        ecosystem: 'python',
        name: key,
        file: first.file,
        line: first.line,
        also: others(all),
        message: `'${key}' is declared only as a development dependency but runtime code imports it.`
      })
    )
  )
  const used = new Set(
    [...resolved.values()]
      .flatMap(resolution => resolution.candidates.map(normalizeDist))
      .concat(third.map(site => normalizeDist(site.name.split('.')[0]!)))
  )
  for (const declared of context.declared) {
    if (
      declared.group === 'dev' ||
      declared.group === 'peer' ||
      used.has(declared.key) ||
      NOT_IMPORTED.has(declared.key) ||
      isStdlib(declared.name.replace(/-/g, '_'), context.versions) ||
      /-stubs$|^types-/.test(declared.key)
    )
      continue
    findings.push({
      rule: 'unused',
      ecosystem: 'python',
      name: declared.name,
      file: declared.file,
      line: declared.line,
      also: [],
      message: `'${declared.name}' is declared but no scanned file imports it.`
    })
  }
  for (const declared of context.declared) {
    const module = declared.name.replace(/-/g, '_')
    if (
      !declared.marker &&
      isStdlib(module, context.versions) &&
      context.versions.length > 0 &&
      context.versions.every(version => isStdlib(module, [version]))
    ) {
      findings.push({
        rule: 'stdlib-declared',
        ecosystem: 'python',
        name: declared.name,
        file: declared.file,
        line: declared.line,
        also: [],
        message: `'${declared.name}' is part of the standard library of every targeted Python (${context.versions[0]}–${context.versions[context.versions.length - 1]}); do not declare it.`
      })
    }
  }
  return findings
}

/** @types/x (or @types/scope__x) for a package. */
export function typesPackage(name: string): string {
  return `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`
}

/** JS/TS findings. */
export function nodeFindings(context: NodeContext): Finding[] {
  const packages = context.sites.flatMap(site => {
    const target = specifierTarget(site.name)
    return target.kind === 'package' && !isJsLocal(site.name, target.name, context.local)
      ? [{ site, name: target.name }]
      : []
  })
  const byName = new Map(context.declared.map(d => [d.name, d]))
  const declaredRuntime = new Set(context.declared.filter(d => d.group !== 'dev').map(d => d.name))
  const provides = (name: string, typeOnly: boolean): boolean =>
    byName.has(name) || (typeOnly && byName.has(typesPackage(name)))
  const siteName = new Map(packages.map(p => [p.site, p.name]))
  const findings: Finding[] = []
  const missing = packages.filter(p => !provides(p.name, p.site.typeOnly)).map(p => p.site)
  for (const hard of [true, false]) {
    findings.push(
      ...grouped(
        missing.filter(site => HARD(site) === hard),
        site => siteName.get(site),
        (first, key, all) => ({
          rule: hard ? 'missing' : 'missing-optional',
          ecosystem: 'node',
          name: key,
          file: first.file,
          line: first.line,
          also: others(all),
          message: `'${key}' is imported${hard ? '' : ` (${first.tags.join(', ')})`} but not declared in package.json.`,
          suggestion: { names: [key], confidence: 'medium', source: 'identity' }
        })
      )
    )
  }
  findings.push(
    ...grouped(
      packages
        .filter(
          p => !p.site.dev && !p.site.typeOnly && byName.has(p.name) && !declaredRuntime.has(p.name)
        )
        .map(p => p.site),
      site => siteName.get(site),
      (first, key, all) => ({
        rule: 'misplaced-dev',
        ecosystem: 'node',
        name: key,
        file: first.file,
        line: first.line,
        also: others(all),
        message: `'${key}' is a devDependency but runtime code imports it.`
      })
    )
  )
  // a workspace sibling is local code, but declaring it is using it when it is imported
  const used = new Set(
    context.sites.flatMap(site => {
      const target = specifierTarget(site.name)
      return target.kind === 'package' ? [target.name] : []
    })
  )
  for (const declared of context.declared) {
    if (
      declared.group !== 'main' ||
      used.has(declared.name) ||
      declared.name.startsWith('@types/') ||
      NOT_IMPORTED.has(declared.name)
    )
      continue
    findings.push({
      rule: 'unused',
      ecosystem: 'node',
      name: declared.name,
      file: declared.file,
      line: declared.line,
      also: [],
      message: `'${declared.name}' is in dependencies but no scanned file imports it.`
    })
  }
  return findings
}
