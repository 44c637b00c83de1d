/** package.json: every dependency kind. A JSON syntax error names the file, line and column. */
import { UserError } from '../../errors.js'
import { lineColumnAt } from '../../text/position.js'
import { type Declared, type Group, lineOf, type Manifest } from './types.js'

const KINDS: ReadonlyArray<[string, Group]> = [
  ['dependencies', 'main'],
  ['devDependencies', 'dev'],
  ['peerDependencies', 'peer'],
  ['optionalDependencies', 'optional']
]

export interface PackageJson {
  name?: string
  workspaces?: string[] | { packages?: string[] }
  imports?: Record<string, unknown>
  [key: string]: unknown
}

/** Parses package.json text, turning a syntax error into a located UserError. */
export function parsePackageJson(file: string, text: string): PackageJson {
  try {
    const data = JSON.parse(text) as unknown
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      throw new SyntaxError('the top level must be an object')
    return data as PackageJson
  } catch (error) {
    const message = (error as Error).message
    const position = /position (\d+)/.exec(message)
    throw new UserError(
      `not valid JSON: ${message.replace(/\s*\(line \d+ column \d+\)$/, '')}.`,
      'Fix the JSON (a trailing comma or a missing quote is the usual cause).',
      {
        file,
        ...(position ? lineColumnAt(text, Number(position[1])) : { line: 1 })
      }
    )
  }
}

export function readPackageJson(file: string, text: string): Manifest {
  const data = parsePackageJson(file, text)
  const declared: Declared[] = []
  for (const [kind, group] of KINDS) {
    const deps = data[kind]
    if (typeof deps !== 'object' || deps === null) continue
    const section = lineOf(text, `"${kind}"`)
    for (const name of Object.keys(deps))
      declared.push({
        name,
        key: name,
        file,
        line: lineOf(text, `"${name}"`, section),
        group,
        ecosystem: 'node'
      })
  }
  return {
    file,
    kind: 'package.json',
    ecosystem: 'node',
    declared,
    ...(data.name ? { projectName: data.name } : {})
  }
}
