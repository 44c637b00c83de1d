/** The committed dist/: entries, the shared bundle and the sql.js runtime beside it. */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

import { describe, expect, it } from '@jest/globals'
import * as yaml from 'js-yaml'
import type { SqlJsStatic } from 'sql.js'

import { loadActionYml, ROOT } from '../helpers/action-runner.js'

const actions = readdirSync(path.join(ROOT, 'actions')).sort()
function runsOf(name: string): { using: string; steps: Array<{ run?: string }> } {
  const yml = yaml.load(readFileSync(path.join(ROOT, 'actions', name, 'action.yml'), 'utf8')) as {
    runs: { using: string; steps: Array<{ run?: string }> }
  }
  return yml.runs
}
const compositeActions = actions.filter(name => runsOf(name).using === 'composite')
const nodeActions = actions.filter(name => !compositeActions.includes(name))

describe('dist/', () => {
  it.each(nodeActions)(
    'has a one-line entry for every main/post of actions/%s that the shared bundle exports',
    async name => {
      const yml = await loadActionYml(name)
      expect(yml.runs).toMatchObject({ using: 'node24' })
      const bundle = (await import(
        pathToFileURL(path.join(ROOT, 'dist/lib/index.js')).href
      )) as Record<string, unknown>
      for (const target of [yml.runs.main, yml.runs.post].filter(Boolean) as string[]) {
        const entry = path.resolve(ROOT, 'actions', name, target)
        const text = readFileSync(entry, 'utf8')
        expect(text.trim().split('\n')).toHaveLength(1)
        const fn = /import \{ (\w+) \} from '\.\.\/lib\/index\.js'/.exec(text)?.[1]
        expect(typeof bundle[fn ?? 'missing']).toBe('function')
      }
    }
  )

  it.each(compositeActions)('has every file the composite actions/%s runs', name => {
    // A composite runs its scripts and bundles from its own path: each must be there.
    const paths = runsOf(name).steps.flatMap(step =>
      [...(step.run ?? '').matchAll(/\$GITHUB_ACTION_PATH\/([\w./-]+)/g)].map(m => m[1]!)
    )
    expect(paths.length).toBeGreaterThan(0)
    for (const file of paths)
      expect(existsSync(path.resolve(ROOT, 'actions', name, file))).toBe(true)
  })

  it('ships a sql.js runtime beside the shared bundle that loads and runs SQL', async () => {
    const lib = path.join(ROOT, 'dist/lib')
    const init = createRequire(import.meta.url)(path.join(lib, 'sql-wasm.cjs')) as (config: {
      locateFile: (file: string) => string
    }) => Promise<SqlJsStatic>
    const SQL = await init({ locateFile: file => path.join(lib, file) })
    const db = new SQL.Database()
    db.run('CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (20), (22);')
    expect(db.exec('SELECT sum(n) FROM t')[0]!.values).toEqual([[42]])
    db.close()
  })

  it('marks dist/ as ESM and the CLI as executable', () => {
    expect(JSON.parse(readFileSync(path.join(ROOT, 'dist/package.json'), 'utf8'))).toEqual({
      type: 'module'
    })
    expect(readFileSync(path.join(ROOT, 'dist/cli/index.js'), 'utf8')).toMatch(
      /^#!\/usr\/bin\/env node\n/
    )
    expect(existsSync(path.join(ROOT, 'dist/lib/licenses.txt'))).toBe(true)
  })
})
