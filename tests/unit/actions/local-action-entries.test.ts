/**
 * Every JavaScript action can run under @github/local-action: its main entry and, when its
 * action.yml has a post step, its post entry exist under src/ and export the run() that tool
 * calls (read from the source: tests/integration/github/local-action.test.ts runs two of them);
 * docs/local-action.md gives the command for each, with exactly those paths.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'
import * as yaml from 'js-yaml'

import { ROOT } from '../../helpers/action-runner.js'

interface Runs {
  using: string
  post?: string
}

/** [folder, source name, runs] of the root action and every actions/<name>. */
const ACTIONS: Array<[string, string, Runs]> = [
  ['.', 'pipeline', path.join(ROOT, 'action.yml')] as const,
  ...readdirSync(path.join(ROOT, 'actions')).map(
    name => [`actions/${name}`, name, path.join(ROOT, 'actions', name, 'action.yml')] as const
  )
]
  .map(([dir, name, file]): [string, string, Runs] => [
    dir,
    name,
    (yaml.load(readFileSync(file, 'utf8')) as { runs: Runs }).runs
  ])
  .filter(([, , runs]) => runs.using.startsWith('node'))

const doc = readFileSync(path.join(ROOT, 'docs/local-action.md'), 'utf8')

describe('the entries @github/local-action runs', () => {
  it('covers the root action and every JavaScript action, post steps included', () => {
    expect(ACTIONS.map(([, name]) => name)).toEqual(
      expect.arrayContaining(['pipeline', 'health', 'history', 'inject'])
    )
    expect(ACTIONS.filter(([, , runs]) => runs.post).map(([, name]) => name)).toEqual(
      expect.arrayContaining(['pipeline', 'history', 'inject'])
    )
  })

  /** The command docs/local-action.md must give for the action in `dir` (source name `name`). */
  const command = (dir: string, name: string, runs: Runs): string => {
    const main = path.relative(path.join(ROOT, dir), path.join(ROOT, `src/actions/${name}/run.ts`))
    const post = runs.post ? ` --post src/actions/${name}/post.ts` : ''
    return `npx @github/local-action ${dir} ${main} .env${post}`
  }

  it.each(ACTIONS)(
    '%s: its main exports run(), and the docs give its command',
    (dir, name, runs) => {
      const source = readFileSync(path.join(ROOT, `src/actions/${name}/run.ts`), 'utf8')
      expect(source).toMatch(/^export async function run\(\): Promise<void>/m)
      expect(doc).toContain(`\`${command(dir, name, runs)}\``)
    }
  )

  it.each(ACTIONS.filter(([, , runs]) => runs.post))(
    '%s: its post entry re-exports post() as run()',
    (_dir, name) => {
      const source = readFileSync(path.join(ROOT, `src/actions/${name}/run.ts`), 'utf8')
      expect(source).toMatch(/^export async function post\(\): Promise<void>/m)
      expect(readFileSync(path.join(ROOT, `src/actions/${name}/post.ts`), 'utf8')).toMatch(
        /^export \{ post as run \} from '\.\/run\.js'$/m
      )
    }
  )
})
