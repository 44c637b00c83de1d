/**
 * The Python a project runs on when it declares none (no requires-python, no python-version): its
 * `.python-version` (pyenv, uv), its `runtime.txt` (Heroku and friends), else the `python3` on PATH,
 * as deptry takes the running interpreter. Without one, every known version is targeted.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'

import { PYTHON_VERSIONS } from './stdlib-table.js'

export interface DetectedPython {
  version: (typeof PYTHON_VERSIONS)[number]
  /** Where it was read, for the note: a file, or `python3 on PATH`. */
  source: string
}

/** A known minor version from text such as `3.11.4`, `python-3.12` or `Python 3.13.0`; else undefined. */
function knownMinor(text: string): DetectedPython['version'] | undefined {
  const match = /(?:^|[^\d.])(3)\.(\d+)/.exec(text)
  if (!match) return undefined
  const minor = `${match[1]}.${match[2]}`
  if ((PYTHON_VERSIONS as readonly string[]).includes(minor))
    return minor as DetectedPython['version']
  // newer than the table: its newest version is the closest standard library we know
  return Number(match[2]) > Number(PYTHON_VERSIONS.at(-1)!.split('.')[1])
    ? PYTHON_VERSIONS.at(-1)!
    : undefined
}

function firstLine(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .map(line => line.replace(/#.*$/, '').trim())
      .find(Boolean)
  } catch {
    return undefined
  }
}

/** The python3 on PATH, asked once: its minor version, or undefined. */
export function pathPython(env: NodeJS.ProcessEnv = process.env): () => DetectedPython | undefined {
  let answer: DetectedPython | undefined | null = null
  return () => (answer === null ? (answer = askPython(env)) : answer)
}

function askPython(env: NodeJS.ProcessEnv): DetectedPython | undefined {
  try {
    const out = execFileSync('python3', ['--version'], {
      env,
      encoding: 'utf8',
      timeout: 5000,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const version = knownMinor(out)
    if (version) return { version, source: 'python3 on PATH' }
  } catch {
    // no python3 here: every version is targeted
  }
  return undefined
}

/** The Python the project at `dir` (relative to `cwd`) runs on, or undefined when none is found. */
export function detectPython(
  cwd: string,
  dir: string,
  onPath: () => DetectedPython | undefined
): DetectedPython | undefined {
  for (const folder of [...new Set([dir, '.'])])
    for (const name of ['.python-version', 'runtime.txt']) {
      const line = firstLine(path.join(cwd, folder, name))
      const version = line && knownMinor(line)
      if (version) return { version, source: path.posix.join(folder, name) }
    }
  return onPath()
}
