/** What manifests declare, in one shape for requirements files, pyproject.toml and package.json. */

export type Ecosystem = 'python' | 'node'
/** `main` ships with the app; `dev` is for development and tests; `optional` are extras; `peer` for libraries. */
export type Group = 'main' | 'dev' | 'optional' | 'peer'

export interface Declared {
  /** As written (`PyYAML`, `@scope/pkg`). */
  name: string
  /** PEP 503-normalised for Python; as written for npm. */
  key: string
  file: string
  line: number
  group: Group
  ecosystem: Ecosystem
  /** The requirement's environment marker, if any (`python_version < "3.11"`). */
  marker?: string
  /** In a compiled requirements file: the packages (or `-r file`) its `# via` comment names. */
  via?: string[]
}

/**
 * A requirements file that pins a whole environment rather than listing what the project uses:
 * `compiled` by pip-compile or uv (with `# via` comments), or a `freeze` of exact pins.
 */
export type Frozen = 'compiled' | 'freeze'

export interface Manifest {
  file: string
  kind: 'requirements' | 'pyproject' | 'package.json'
  ecosystem: Ecosystem
  declared: Declared[]
  /** pyproject `requires-python`. */
  requiresPython?: string
  /** The project's own name (a first-party import, never a dependency). */
  projectName?: string
  /** Set for a requirements file that pins a whole environment. */
  frozen?: Frozen
}

/** 1-based line of the first line at or after `fromLine` that contains `needle`, else `fromLine`. */
export function lineOf(text: string, needle: string, fromLine = 1): number {
  const lines = text.split('\n')
  for (let i = Math.max(0, fromLine - 1); i < lines.length; i++)
    if (lines[i]!.includes(needle)) return i + 1
  return fromLine
}
