/**
 * Which package ecosystem a dependency failure belongs to, and which one a fix command installs for.
 * A pip command cannot heal a missing go.sum entry: the healer refuses to run a fix for another
 * ecosystem rather than count its exit code as a heal.
 */
import path from 'node:path'

import type { CommandSpec } from '../exec/run-command.js'
import { firstCommand, isPython } from './command-words.js'

export const ECOSYSTEMS = ['python', 'node', 'go', 'java'] as const
export type Ecosystem = (typeof ECOSYSTEMS)[number]

const FAILURE_PATTERNS: ReadonlyArray<[Ecosystem, RegExp]> = [
  ['python', /No module named|ImportError|ModuleNotFoundError/],
  ['node', /Cannot find module|Cannot find package ['"]|ERR_MODULE_NOT_FOUND/],
  ['go', /go\.sum|no required module provides package|cannot find package ".*" in any of/],
  [
    'java',
    /ClassNotFoundException|NoClassDefFoundError|Could not find artifact|Could not resolve dependencies/
  ]
]

/** The ecosystem a failure line names, or undefined when it names none. */
export function failureEcosystem(line: string | null): Ecosystem | undefined {
  return FAILURE_PATTERNS.find(([, pattern]) => pattern.test(line ?? ''))?.[0]
}

const PROGRAMS: Record<string, Ecosystem> = {
  pip: 'python',
  pip3: 'python',
  uv: 'python',
  poetry: 'python',
  pipenv: 'python',
  npm: 'node',
  pnpm: 'node',
  yarn: 'node',
  npx: 'node',
  go: 'go',
  mvn: 'java',
  mvnw: 'java',
  gradle: 'java',
  gradlew: 'java'
}

/** The ecosystem a fix command installs for, from its first program; undefined when unknown. */
export function commandEcosystem(spec: CommandSpec): Ecosystem | undefined {
  const [program, ...args] = firstCommand(spec).words
  if (program === undefined) return undefined
  // `python -m pip install …` and `python3 -m uv …`
  if (isPython(program))
    return args[0] === '-m' && /^(pip|uv)$/.test(args[1] ?? '') ? 'python' : undefined
  const name = path.basename(program).replace(/^(pip3)\.\d+$/, '$1')
  return Object.hasOwn(PROGRAMS, name) ? PROGRAMS[name] : undefined
}
