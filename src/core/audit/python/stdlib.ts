/** Is a top-level module in the standard library of the project's Python versions? */
import { UserError } from '../../errors.js'
import { PYTHON_VERSIONS, STDLIB_TABLE } from './stdlib-table.js'

export type PythonVersion = (typeof PYTHON_VERSIONS)[number]

function versionKey(version: string): number {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  return major * 100 + minor
}

const TABLE = new Map(
  STDLIB_TABLE.map(([name, since, until]) => [
    name,
    [since ? versionKey(since) : 0, until ? versionKey(until) : Infinity] as const
  ])
)

/** True when `module` is in the standard library of at least one of `versions`. */
export function isStdlib(module: string, versions: readonly string[]): boolean {
  const range = TABLE.get(module)
  if (!range) return false
  return versions.some(version => versionKey(version) >= range[0] && versionKey(version) < range[1])
}

/** The known versions allowed by a `requires-python` specifier such as `>=3.9,<3.13` (all when empty). */
export function targetVersions(
  requiresPython: string | undefined,
  source = 'requires-python'
): PythonVersion[] {
  const clauses = (requiresPython ?? '')
    .split(',')
    .map(clause => clause.trim())
    .filter(Boolean)
  return PYTHON_VERSIONS.filter(version =>
    clauses.every(clause => {
      const match = /^(~=|==|!=|>=|<=|>|<)\s*(\d+(?:\.\d+)?)(?:\.[\d*]+)*$/.exec(clause)
      if (!match)
        throw new UserError(
          `cannot read the Python version clause '${clause}'.`,
          'Write it as in PEP 440, e.g. >=3.9,<3.13.',
          { input: source }
        )
      const [, op, bound] = match
      const v = versionKey(version)
      const b = versionKey(bound!)
      switch (op) {
        case '>=':
        case '~=':
          return v >= b
        case '>':
          return v > b
        case '<=':
          return v <= b
        case '<':
          return v < b
        case '==':
          return v === b
        default:
          return v !== b
      }
    })
  )
}
