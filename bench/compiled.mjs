// The bench measures the TypeScript sources directly (the extractors, and the TypeScript-compiler
// oracle in tests/helpers): it compiles them once with tsc into a temporary folder and imports them.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, symlinkSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')

let compiled

/** Compiles once per bench run. */
export async function compiledModules() {
  compiled ??= compile()
  return compiled
}

async function compile() {
  const out = mkdtempSync(path.join(os.tmpdir(), 'chaos-ci-bench-ts-'))
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules/typescript/bin/tsc'),
      '-p',
      root,
      '--noEmit',
      'false',
      '--outDir',
      out,
      '--sourceMap',
      'false'
    ],
    { stdio: 'inherit' }
  )
  if (!existsSync(path.join(out, 'node_modules')))
    symlinkSync(path.join(root, 'node_modules'), path.join(out, 'node_modules'))
  const load = file => import(path.join(out, file))
  return {
    /** Where the compiled tree is, for benches that run it in child processes. */
    dir: out,
    pythonImports: (await load('src/core/audit/python/imports.js')).pythonImports,
    jsImports: (await load('src/core/audit/js/imports.js')).jsImports,
    DEFAULT_EXCLUDES: (await load('src/core/audit/files.js')).DEFAULT_EXCLUDES,
    oracle: await load('tests/helpers/ts-oracle.js'),
    history: {
      db: await load('src/core/history/db.js'),
      record: await load('src/core/history/record.js'),
      seed: await load('src/core/history/seed.js'),
      persist: await load('src/core/history/persist.js'),
      cache: await load('src/github/cache.js'),
      fake: await load('tests/helpers/fake-github.js')
    }
  }
}
