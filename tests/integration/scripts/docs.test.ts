/**
 * scripts/docs.mjs, the README's action reference generated from the action.yml files: `--check`
 * fails when an action.yml changed and README.md did not, and `npm run docs` brings it back in step.
 * Run on a copy of the repository's files, never on the real README.
 */
import { spawnSync } from 'node:child_process'
import { cp, readFile, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { describe, expect, it, jest } from '@jest/globals'

import { ROOT } from '../../helpers/action-runner.js'
import { tempDir } from '../../helpers/processes.js'

async function copyRepo(): Promise<string> {
  const dir = await tempDir('chaos-ci-docs-')
  for (const item of ['README.md', 'action.yml', 'actions', 'scripts', '.prettierrc.json'])
    await cp(path.join(ROOT, item), path.join(dir, item), { recursive: true })
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'))
  return dir
}

const docs = (dir: string, ...args: string[]) =>
  spawnSync(process.execPath, [path.join(dir, 'scripts/docs.mjs'), ...args], { encoding: 'utf8' })

// each docs.mjs run formats the README with prettier (about 3 s); a test runs it up to four times
jest.setTimeout(180_000)

describe('scripts/docs.mjs', () => {
  it.each([
    ['actions/health/action.yml', 'Directory for the results file (health-<job>-<step>.json).'],
    ['action.yml', 'Where every stage writes its results file, and the report.']
  ])('fails --check when %s changes, until the README is regenerated', async (file, text) => {
    const dir = await copyRepo()
    expect(docs(dir, '--check').status).toBe(0)
    const yml = path.join(dir, file)
    const original = await readFile(yml, 'utf8')
    expect(original).toContain(text)
    await writeFile(yml, original.replace(text, 'A changed description of results-dir.'))
    const stale = docs(dir, '--check')
    expect(stale.status).toBe(1)
    expect(stale.stderr).toMatch(/README\.md is out of date/)
    expect(await readFile(path.join(dir, 'README.md'), 'utf8')).not.toContain(
      'A changed description'
    )
    const regenerated = docs(dir)
    expect(regenerated.status).toBe(0)
    expect(await readFile(path.join(dir, 'README.md'), 'utf8')).toContain(
      'A changed description of results-dir.'
    )
    expect(docs(dir, '--check').status).toBe(0)
  })

  it('fails when an action has no block in the README', async () => {
    const dir = await copyRepo()
    const readme = path.join(dir, 'README.md')
    await writeFile(
      readme,
      (await readFile(readme, 'utf8')).replace('<!-- action-docs:pipeline:start -->', '')
    )
    const run = docs(dir, '--check')
    expect(run.status).not.toBe(0)
    expect(run.stderr).toMatch(/no <!-- action-docs:pipeline:start --> … .* block for action\.yml/)
  })
})
