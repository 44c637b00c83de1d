/**
 * pyproject.toml: PEP 621 dependencies and optional-dependencies, PEP 735 [dependency-groups], and
 * Poetry's dependencies and groups. A TOML syntax error names the file, line and column.
 */
import { parse, TomlError } from 'smol-toml'

import { UserError } from '../../errors.js'
import { normalizeDist } from '../names.js'
import { type Declared, type Group, lineOf, type Manifest } from './types.js'

/** Optional-dependency and group names treated as development-only. */
const DEV_GROUPS =
  /^(dev|develop|development|test|tests|testing|lint|linting|docs|doc|typing|types|ci|check|format)$/i

type Table = Record<string, unknown>
const isTable = (value: unknown): value is Table =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The project name of a PEP 508 requirement string (`name[extra]>=1; marker`). */
export function requirementName(requirement: string): string | undefined {
  return /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/.exec(requirement)?.[1]
}

/** Parses TOML, turning a syntax error into a located UserError. */
export function parseToml(file: string, text: string): Table {
  try {
    return parse(text)
  } catch (error) {
    if (error instanceof TomlError) {
      throw new UserError(
        `TOML syntax error: ${error.message.split('\n')[0]}`,
        'Fix the TOML at that line.',
        { file, line: error.line, column: error.column }
      )
    }
    throw error
  }
}

export function readPyproject(file: string, text: string): Manifest {
  const data = parseToml(file, text)
  const project = isTable(data.project) ? data.project : {}
  const declared: Declared[] = []
  const add = (
    name: string | undefined,
    group: Group,
    section: string,
    needle: string,
    marker?: string
  ): void => {
    if (!name || normalizeDist(name) === 'python') return
    const line = lineOf(text, needle, lineOf(text, section))
    declared.push({
      name,
      key: normalizeDist(name),
      file,
      line,
      group,
      ecosystem: 'python',
      ...(marker ? { marker } : {})
    })
  }
  const requirements = (list: unknown, group: Group, section: string): void => {
    if (!Array.isArray(list)) return
    for (const item of list) {
      if (typeof item !== 'string') continue
      const marker = item.includes(';') ? item.slice(item.indexOf(';') + 1).trim() : undefined
      add(requirementName(item), group, section, item, marker)
    }
  }
  requirements(project.dependencies, 'main', '[project]')
  if (isTable(project['optional-dependencies'])) {
    for (const [extra, list] of Object.entries(project['optional-dependencies']))
      requirements(list, DEV_GROUPS.test(extra) ? 'dev' : 'optional', 'optional-dependencies')
  }
  if (isTable(data['dependency-groups'])) {
    for (const list of Object.values(data['dependency-groups']))
      requirements(list, 'dev', '[dependency-groups]')
  }
  const poetry = isTable(data.tool) && isTable(data.tool.poetry) ? data.tool.poetry : undefined
  if (poetry) {
    const table = (deps: unknown, group: Group, section: string): void => {
      if (isTable(deps)) for (const name of Object.keys(deps)) add(name, group, section, name)
    }
    table(poetry.dependencies, 'main', '[tool.poetry.dependencies]')
    table(poetry['dev-dependencies'], 'dev', '[tool.poetry.dev-dependencies]')
    if (isTable(poetry.group)) {
      for (const [name, group] of Object.entries(poetry.group)) {
        if (isTable(group))
          table(group.dependencies, name === 'main' ? 'main' : 'dev', `[tool.poetry.group.${name}`)
      }
    }
  }
  const requiresPython =
    typeof project['requires-python'] === 'string' ? project['requires-python'] : undefined
  const projectName =
    typeof project.name === 'string'
      ? project.name
      : typeof poetry?.name === 'string'
        ? poetry.name
        : undefined
  return {
    file,
    kind: 'pyproject',
    ecosystem: 'python',
    declared,
    ...(requiresPython ? { requiresPython } : {}),
    ...(projectName ? { projectName } : {})
  }
}
