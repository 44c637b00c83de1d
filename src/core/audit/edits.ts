/**
 * Format-preserving insertions into manifests: a line appended to a requirements file, an entry in
 * pyproject's [project].dependencies (or Poetry's table), a key in package.json's dependencies.
 * Everything else in the file — comments, order, spacing — is left as it was.
 */
import { parsePackageJson } from './manifests/package-json.js'

const endWithNewline = (text: string): string =>
  text === '' || text.endsWith('\n') ? text : `${text}\n`

export function addToRequirements(text: string, name: string): string {
  return `${endWithNewline(text)}${name}\n`
}

/** The [start, end) line range of the TOML table `header` (e.g. `[project]`), or undefined. */
function tableRange(lines: string[], header: string): [number, number] | undefined {
  const start = lines.findIndex(line => line.trim() === header)
  if (start < 0) return undefined
  let end = start + 1
  while (end < lines.length && !/^\s*\[/.test(lines[end]!)) end++
  return [start, end]
}

/** Adds `name` to [project].dependencies (PEP 621); undefined when the file has no [project] table. */
export function addToPep621(text: string, name: string): string | undefined {
  const lines = text.split('\n')
  const table = tableRange(lines, '[project]')
  if (!table) return undefined
  const quoted = JSON.stringify(name)
  const at = lines.slice(table[0], table[1]).findIndex(line => /^\s*dependencies\s*=/.test(line))
  if (at < 0) {
    lines.splice(table[0] + 1, 0, `dependencies = [${quoted}]`)
    return lines.join('\n')
  }
  const first = table[0] + at
  if (/\]\s*(#.*)?$/.test(lines[first]!)) {
    // an inline array: dependencies = ["a", "b"]
    lines[first] = lines[first]!.replace(/\s*\](\s*(#.*)?)$/, (_m, tail: string) =>
      /\[\s*$/.test(lines[first]!.replace(/\s*\].*$/, ''))
        ? `${quoted}]${tail}`
        : `, ${quoted}]${tail}`
    )
    return lines.join('\n')
  }
  let close = first + 1
  while (close < lines.length && !/^\s*\]/.test(lines[close]!)) close++
  const sample = lines
    .slice(first + 1, close)
    .find(line => line.trim().startsWith('"') || line.trim().startsWith("'"))
  const indent = sample ? /^\s*/.exec(sample)![0] : '    '
  const previous = close - 1
  if (
    previous > first &&
    !/,\s*(#.*)?$/.test(lines[previous]!) &&
    lines[previous]!.trim() !== '' &&
    !lines[previous]!.trim().startsWith('#')
  ) {
    lines[previous] = lines[previous]!.replace(/(\s*(#.*)?)$/, ',$1')
  }
  lines.splice(close, 0, `${indent}${quoted},`)
  return lines.join('\n')
}

/** Adds `name = "*"` to [tool.poetry.dependencies]; undefined when there is no such table. */
export function addToPoetry(text: string, name: string): string | undefined {
  const lines = text.split('\n')
  const table = tableRange(lines, '[tool.poetry.dependencies]')
  if (!table) return undefined
  let last = table[1] - 1
  while (last > table[0] && lines[last]!.trim() === '') last--
  lines.splice(last + 1, 0, `${name} = "*"`)
  return lines.join('\n')
}

/** Adds `name` to `field` (dependencies or devDependencies), sorted as npm keeps it, same indentation. */
export function addToPackageJson(
  file: string,
  text: string,
  name: string,
  field: 'dependencies' | 'devDependencies',
  version = '*'
): string {
  const data = parsePackageJson(file, text)
  const deps = { ...((data[field] as Record<string, string> | undefined) ?? {}), [name]: version }
  data[field] = Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b)))
  const indent = /^([ \t]+)"/m.exec(text)?.[1] ?? '  '
  return `${JSON.stringify(data, null, indent)}${text.endsWith('\n') ? '\n' : ''}`
}
