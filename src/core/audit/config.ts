/**
 * The audit's settings file (YAML), validated with file, line and column before anything is read.
 *
 * ```yaml
 * paths: [src, scripts]
 * exclude: [fixtures/]             # gitignore-style patterns, on top of the defaults
 * known-first-party: [myapp]
 * package-map: {mylib: my-lib-dist}
 * python-version: ">=3.10"          # instead of pyproject's requires-python
 * site-packages: [.venv/lib/python3.12/site-packages]
 * dev-paths: [tools/]                # code that may use dev dependencies, besides tests
 * ignore: {missing: [internal_pkg], unused: [gunicorn]}
 * pip-args: [--index-url, https://pypi.example/simple]
 * ```
 */
import { readUserFile } from '../user-file.js'
import { errorAt, isRecord, mappingAt, sequenceAt, stringAt } from '../yaml/fields.js'
import { loadLocated, type LocatedDocument } from '../yaml/located.js'

export const RULES = [
  'missing',
  'missing-optional',
  'unused',
  'misplaced-dev',
  'stdlib-declared'
] as const
export type RuleId = (typeof RULES)[number]

export interface AuditConfig {
  paths: string[]
  exclude: string[]
  knownFirstParty: string[]
  packageMap: Record<string, string[]>
  pythonVersion?: string
  sitePackages: string[]
  devPaths: string[]
  ignore: Record<RuleId, string[]>
  /** Extra arguments for `pip install` and `npm install` (an index URL, a cache…). */
  pipArgs: string[]
  npmArgs: string[]
}

const KEYS = [
  'paths',
  'exclude',
  'known-first-party',
  'package-map',
  'python-version',
  'site-packages',
  'dev-paths',
  'ignore',
  'pip-args',
  'npm-args'
] as const

export function defaultConfig(): AuditConfig {
  return {
    paths: ['.'],
    exclude: [],
    knownFirstParty: [],
    packageMap: {},
    sitePackages: [],
    devPaths: [],
    ignore: {
      missing: [],
      'missing-optional': [],
      unused: [],
      'misplaced-dev': [],
      'stdlib-declared': []
    },
    pipArgs: [],
    npmArgs: []
  }
}

function strings(doc: LocatedDocument, key: string): string[] | undefined {
  if (!isRecord(doc.value) || doc.value[key] === undefined) return undefined
  return sequenceAt(doc, [key]).map((_, i) => stringAt(doc, [key, i], true))
}

/** Parses the config text (named `file` in errors). */
export function parseAuditConfig(file: string, text: string): AuditConfig {
  const doc = loadLocated(file, text)
  const config = defaultConfig()
  if (doc.value === null || doc.value === undefined) return config
  const root = mappingAt(doc, [], KEYS)
  config.paths = strings(doc, 'paths') ?? config.paths
  config.exclude = strings(doc, 'exclude') ?? []
  config.knownFirstParty = strings(doc, 'known-first-party') ?? []
  config.sitePackages = strings(doc, 'site-packages') ?? []
  config.devPaths = strings(doc, 'dev-paths') ?? []
  config.pipArgs = strings(doc, 'pip-args') ?? []
  config.npmArgs = strings(doc, 'npm-args') ?? []
  if (config.pipArgs.includes('--extra-index-url')) {
    throw errorAt(
      doc,
      ['pip-args'],
      '--extra-index-url lets a public index shadow yours (dependency confusion).',
      'Use a single --index-url.'
    )
  }
  const version = stringAt(doc, ['python-version'])
  if (version) config.pythonVersion = version
  if (root['package-map'] !== undefined) {
    const map = mappingAt(
      doc,
      ['package-map'],
      Object.keys(isRecord(root['package-map']) ? root['package-map'] : {})
    )
    for (const [name, value] of Object.entries(map)) {
      config.packageMap[name] = Array.isArray(value)
        ? sequenceAt(doc, ['package-map', name]).map((_, i) =>
            stringAt(doc, ['package-map', name, i], true)
          )
        : [stringAt(doc, ['package-map', name], true)]
    }
  }
  if (root.ignore !== undefined) {
    mappingAt(doc, ['ignore'], RULES)
    for (const rule of RULES) {
      const list = (root.ignore as Record<string, unknown>)[rule]
      if (list === undefined) continue
      if (!Array.isArray(list))
        throw errorAt(
          doc,
          ['ignore', rule],
          'expected a list of names.',
          `Write ignore.${rule} as [name, …].`
        )
      config.ignore[rule] = list.map((_, i) => stringAt(doc, ['ignore', rule, i], true))
    }
  }
  return config
}

/** Reads the config file, or the defaults when `file` is empty. */
export async function loadAuditConfig(
  file: string | undefined,
  read?: (file: string) => Promise<string>
): Promise<AuditConfig> {
  if (!file) return defaultConfig()
  const text = await readUserFile(
    file,
    'audit config file',
    'Check the config input, or remove it to use the defaults.',
    file,
    read
  )
  return parseAuditConfig(file, text)
}
