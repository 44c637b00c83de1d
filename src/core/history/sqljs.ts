/**
 * Loads sql.js. It cannot be bundled into ncc's ESM output (research/action_anchors.md §1), so the
 * bundle ships `sql-wasm.cjs` and `sql-wasm.wasm` beside itself (scripts/bundle.mjs) and loads them
 * with `createRequire` and `locateFile`. Run from source (tests), the same files come from the
 * sql.js package.
 */
import { existsSync } from 'node:fs'
import * as nodeModule from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import type { SqlJsStatic } from 'sql.js'

type InitSqlJs = (config: { locateFile: (file: string) => string }) => Promise<SqlJsStatic>

let loaded: Promise<SqlJsStatic> | undefined

/** The folder holding sql-wasm.cjs (beside the bundle) or sql-wasm.js (the package, from source). */
function runtimeFiles(): { script: string; dir: string } {
  const here = path.dirname(fileURLToPath(import.meta.url))
  if (existsSync(path.join(here, 'sql-wasm.cjs')))
    return { script: path.join(here, 'sql-wasm.cjs'), dir: here }
  // a computed name keeps the bundler from trying to inline the package
  const script = nodeModule
    .createRequire(import.meta.url)
    .resolve(['sql.js', 'dist', 'sql-wasm.js'].join('/'))
  return { script, dir: path.dirname(script) }
}

/** sql.js, loaded once per process. */
export function loadSqlJs(): Promise<SqlJsStatic> {
  if (!loaded) {
    const { script, dir } = runtimeFiles()
    const init = nodeModule.createRequire(import.meta.url)(script) as InitSqlJs
    loaded = init({ locateFile: file => path.join(dir, file) })
  }
  return loaded
}
