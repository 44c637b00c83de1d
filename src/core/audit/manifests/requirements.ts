/**
 * requirements files: names with extras, versions, markers and URLs; `-r` includes are followed
 * (each file once), `-c` constraints and pip options are not dependencies. A line that is none of
 * these is an error naming the file and line.
 */
import path from 'node:path'

import { UserError } from '../../errors.js'
import { readUserFile } from '../../user-file.js'
import { normalizeDist } from '../names.js'
import type { Declared, Group, Manifest } from './types.js'

const NAME = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)$/
const OPTION =
  /^(-i|--index-url|--extra-index-url|-f|--find-links|--no-index|--pre|--prefer-binary|--only-binary|--no-binary|--trusted-host|--use-feature|--require-hashes|--hash)\b/

/** Files whose names say they hold development requirements. */
export function isDevRequirements(file: string): boolean {
  return /(^|[-_.])(dev|develop|test|tests|testing|lint|docs|ci|typing)([-_.]|$)/i.test(
    path.basename(file).replace(/\.(txt|in)$/, '')
  )
}

/** Joins `\`-continued lines and drops comments; keeps each logical line's first line number. */
function logicalLines(text: string): Array<[number, string]> {
  const out: Array<[number, string]> = []
  let pending = ''
  let start = 0
  text.split(/\r?\n/).forEach((raw, i) => {
    if (!pending) start = i + 1
    const line = raw.replace(/(^|\s)#.*$/, '')
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1) + ' '
      return
    }
    out.push([start, (pending + line).trim()])
    pending = ''
  })
  return out
}

function nameFromUrl(url: string): string | undefined {
  const egg = /[#&]egg=([A-Za-z0-9._-]+)/.exec(url)?.[1]
  if (egg) return egg
  const wheel = /\/([A-Za-z0-9._]+?)-\d[^/]*\.(whl|tar\.gz|zip)$/.exec(url)?.[1]
  return wheel
}

/** Parses one requirements line into a declaration, or undefined for lines that declare nothing. */
function parseLine(file: string, lineNo: number, line: string, group: Group): Declared | undefined {
  const declared = (name: string, marker?: string): Declared => ({
    name,
    key: normalizeDist(name),
    file,
    line: lineNo,
    group,
    ecosystem: 'python',
    ...(marker ? { marker } : {})
  })
  if (OPTION.test(line)) return undefined
  if (/^(-e|--editable)\s+/.test(line)) {
    const target = line.replace(/^(-e|--editable)\s+/, '')
    const name = nameFromUrl(target)
    return name ? declared(name) : undefined
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(line) || line.startsWith('git+')) {
    const name = nameFromUrl(line)
    return name ? declared(name) : undefined
  }
  if (line.startsWith('.') || line.startsWith('/')) return undefined
  const match = NAME.exec(line)
  const rest = match?.[3] ?? ''
  if (!match || (rest && !/^(@|[<>=!~;]|--hash)/.test(rest))) {
    throw new UserError(
      `cannot read the requirement '${line}'.`,
      'Write it as name, name==1.2, name[extra]>=1 ; marker, name @ URL, or -r other.txt.',
      { file, line: lineNo }
    )
  }
  const marker = rest.includes(';') ? rest.slice(rest.indexOf(';') + 1).trim() : undefined
  return declared(match[1]!, marker)
}

/** Reads a requirements file (a path relative to `cwd`, as errors show it) and those it includes with -r. */
export async function readRequirements(
  cwd: string,
  file: string,
  seen = new Set<string>(),
  groupOf: (file: string) => Group = f => (isDevRequirements(f) ? 'dev' : 'main')
): Promise<Manifest[]> {
  const resolved = path.resolve(cwd, file)
  if (seen.has(resolved)) return []
  seen.add(resolved)
  const text = await readUserFile(
    resolved,
    'requirements file',
    'Check the path in your audit config or -r line.',
    file
  )
  const group = groupOf(file)
  const manifest: Manifest = { file, kind: 'requirements', ecosystem: 'python', declared: [] }
  const included: Manifest[] = []
  for (const [lineNo, line] of logicalLines(text)) {
    if (!line) continue
    const include = /^(-r|--requirement)\s*(\S+)$/.exec(line)
    if (include) {
      included.push(
        ...(await readRequirements(cwd, path.join(path.dirname(file), include[2]!), seen, groupOf))
      )
      continue
    }
    if (/^(-c|--constraint)\s*\S+$/.test(line)) continue
    const declared = parseLine(file, lineNo, line, group)
    if (declared) manifest.declared.push(declared)
  }
  return [manifest, ...included]
}
