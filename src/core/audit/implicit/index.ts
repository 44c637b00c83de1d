/**
 * The implicit-use readers, one per kind of evidence, and the two calls the audit makes: which
 * extra files to keep while scanning, and every use the readers see in the scanned files.
 */
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'

import { babel } from './babel.js'
import { css } from './css.js'
import { djangoSettings } from './django-settings.js'
import { dockerfile } from './dockerfile.js'
import { drivers } from './drivers.js'
import { eslint } from './eslint.js'
import { importNames } from './import-names.js'
import { jest } from './jest.js'
import { makefile } from './makefile.js'
import { packageScripts } from './package-scripts.js'
import { postcss } from './postcss.js'
import { preCommit } from './pre-commit.js'
import { prettier } from './prettier.js'
import { procfile } from './procfile.js'
import { pythonCommands } from './python-commands.js'
import { shellScript } from './shell.js'
import { sphinx } from './sphinx.js'
import { tsconfig } from './tsconfig.js'
import type { ImplicitInput, ImplicitReader, ImplicitUse } from './types.js'
import { vite } from './vite.js'
import { vitest } from './vitest.js'
import { workflow } from './workflow.js'

export const READERS: readonly ImplicitReader[] = [
  packageScripts,
  makefile,
  shellScript,
  dockerfile,
  procfile,
  workflow,
  preCommit,
  pythonCommands,
  sphinx,
  djangoSettings,
  css,
  drivers,
  eslint,
  babel,
  prettier,
  postcss,
  jest,
  vitest,
  vite,
  tsconfig,
  importNames
]

/** Whether any reader wants a file the scan would otherwise drop. */
export function wantedByReaders(name: string, file: string): boolean {
  return READERS.some(reader => reader.wants?.(name, file) ?? false)
}

const MAX_BYTES = 1_000_000

/** Every implicit use the readers see in `files` (relative to `cwd`) and `imports`. */
export function readImplicit(
  cwd: string,
  files: readonly string[],
  imports: ImplicitInput['imports'] = [],
  readers: readonly ImplicitReader[] = READERS
): ImplicitUse[] {
  const cache = new Map<string, string | undefined>()
  const read = (file: string): string | undefined => {
    if (!cache.has(file)) {
      const full = path.join(cwd, file)
      let text: string | undefined
      try {
        text = statSync(full).size <= MAX_BYTES ? readFileSync(full, 'utf8') : undefined
      } catch {
        text = undefined
      }
      cache.set(file, text)
    }
    return cache.get(file)
  }
  return readers.flatMap(reader => reader.read({ files, imports, read }))
}
