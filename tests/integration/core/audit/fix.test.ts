/** fix, dry-run and install on copies of the fixture projects (real files, real pip). */
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import { type AuditConfig, defaultConfig } from '../../../../src/core/audit/config.js'
import { runSentinel } from '../../../../src/core/audit/sentinel.js'
import { fixtureCopy } from '../../../helpers/fixtures.js'
import { tempDir } from '../../../helpers/processes.js'
import { buildWheel } from '../../../helpers/wheels.js'

const fix = (
  dir: string,
  config: AuditConfig = defaultConfig(),
  options = { fix: true, dryRun: false, install: false }
) => runSentinel(dir, config, options)

describe('fixing missing dependencies', () => {
  it('declares medium-confidence names in requirements.txt, keeps comments and order, and never writes a guess', async () => {
    const dir = await fixtureCopy('audit/py-requirements')
    const before = await readFile(path.join(dir, 'requirements.txt'), 'utf8')
    const outcome = await fix(dir)
    const after = await readFile(path.join(dir, 'requirements.txt'), 'utf8')
    expect(after).toBe(`${before}PyYAML\nscikit-learn\n`)
    expect(outcome.changes.map(c => `${c.action} ${c.name} ${c.confidence}`)).toEqual([
      'added PyYAML medium',
      'added scikit-learn medium',
      'suggested mystery-pkg low'
    ])
    expect(after).not.toContain('mystery')
    expect(outcome.result.findings.filter(f => f.rule === 'missing').map(f => f.name)).toEqual([
      'mystery_pkg'
    ])
    expect(outcome.before?.findings.filter(f => f.rule === 'missing')).toHaveLength(3)
  })

  it('inserts into pyproject [project].dependencies keeping its comments', async () => {
    const dir = await fixtureCopy('audit/py-pyproject')
    await fix(dir)
    const text = await readFile(path.join(dir, 'pyproject.toml'), 'utf8')
    expect(text).toContain(
      'dependencies = [\n    "httpx>=0.27",  # the HTTP client\n    "pydantic",\n    "setuptools",\n]'
    )
    expect(text).toContain('[project.optional-dependencies]\nyaml = ["ruamel.yaml"]')
  })

  it("adds to Poetry's table", async () => {
    const dir = await fixtureCopy('audit/py-poetry')
    await fix(dir)
    expect(await readFile(path.join(dir, 'pyproject.toml'), 'utf8')).toContain(
      'requests = "^2.31"\npython-dateutil = "*"\n'
    )
  })

  it('writes an npm package only when it is installed, with its installed version', async () => {
    const dir = await fixtureCopy('audit/node-ts')
    const first = await fix(dir)
    expect(first.changes).toEqual([
      expect.objectContaining({ action: 'suggested', name: 'chalk', confidence: 'low' })
    ])
    expect(first.written).toEqual([])
    await mkdir(path.join(dir, 'node_modules/chalk'), { recursive: true })
    await writeFile(
      path.join(dir, 'node_modules/chalk/package.json'),
      '{"name": "chalk", "version": "5.3.0"}'
    )
    const second = await fix(dir)
    expect(second.changes).toEqual([
      expect.objectContaining({
        action: 'added',
        name: 'chalk',
        confidence: 'high',
        source: 'installed'
      })
    ])
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>
    }
    expect(Object.keys(pkg.dependencies)).toEqual(['chalk', 'left-pad', 'lodash'])
    expect(pkg.dependencies.chalk).toBe('^5.3.0')
  })

  it('shows the diff in a dry run and writes nothing', async () => {
    const dir = await fixtureCopy('audit/py-requirements')
    const before = await readFile(path.join(dir, 'requirements.txt'), 'utf8')
    const outcome = await fix(dir, defaultConfig(), { fix: false, dryRun: true, install: false })
    expect(await readFile(path.join(dir, 'requirements.txt'), 'utf8')).toBe(before)
    expect(outcome.diff).toMatch(
      /^--- a\/requirements\.txt\n\+\+\+ b\/requirements\.txt\n@@ .* @@\n[\s\S]*\n\+PyYAML\n\+scikit-learn/
    )
    expect(outcome.written).toEqual([])
  })

  it('installs exactly the names it added, and nothing else', async () => {
    const dir = await fixtureCopy('audit/py-poetry')
    const wheels = await tempDir('chaos-ci-wheels-')
    const target = await tempDir('chaos-ci-target-')
    buildWheel(wheels, 'python-dateutil', 'dateutil')
    buildWheel(wheels, 'unrelated-extra', 'unrelated')
    const config = {
      ...defaultConfig(),
      pipArgs: ['--no-index', '--find-links', wheels, '--target', target]
    }
    const outcome = await runSentinel(dir, config, { fix: true, dryRun: false, install: true })
    expect(outcome.changes.map(c => `${c.action} ${c.name}`)).toEqual([
      'added python-dateutil',
      'installed python-dateutil'
    ])
    expect(existsSync(path.join(target, 'dateutil/__init__.py'))).toBe(true)
    expect((await readdir(target)).some(name => name.startsWith('unrelated'))).toBe(false)
  })

  it('records an install that fails instead of throwing', async () => {
    const dir = await fixtureCopy('audit/py-poetry')
    const empty = await tempDir('chaos-ci-wheels-')
    const config = {
      ...defaultConfig(),
      pipArgs: ['--no-index', '--find-links', empty, '--target', empty]
    }
    const outcome = await runSentinel(dir, config, { fix: true, dryRun: false, install: true })
    expect(outcome.changes[1]).toMatchObject({ action: 'install-failed', name: 'python-dateutil' })
    expect(outcome.changes[1]!.reason).toMatch(/python3 -m pip failed \(exit 1\)/)
  })

  it("writes each finding to its own project's manifest, never the root's", async () => {
    const dir = await tempDir('chaos-ci-fix-projects-')
    const files: Record<string, string> = {
      'requirements.txt': 'requests\n',
      'app.py': 'import requests\n',
      'backend/requirements.txt': 'flask\n',
      'backend/api.py': 'import flask\nimport yaml\n',
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['web'] }),
      'web/package.json': JSON.stringify({ name: 'web', dependencies: {} }, null, 2) + '\n',
      'web/src/index.js': "import dayjs from 'dayjs'\nexport default dayjs\n",
      // hoisted to the workspace root, as npm installs a workspace's packages
      'node_modules/dayjs/package.json': JSON.stringify({ name: 'dayjs', version: '1.11.13' })
    }
    for (const [file, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true })
      await writeFile(path.join(dir, file), text)
    }
    const outcome = await fix(dir)
    const dependencies = async (file: string) =>
      (JSON.parse(await readFile(path.join(dir, file), 'utf8')) as { dependencies?: object })
        .dependencies
    expect(outcome.changes.map(c => `${c.action} ${c.name} ${c.file}`)).toEqual([
      'added PyYAML backend/requirements.txt',
      'added dayjs web/package.json'
    ])
    expect(await readFile(path.join(dir, 'requirements.txt'), 'utf8')).toBe('requests\n')
    expect(await readFile(path.join(dir, 'backend/requirements.txt'), 'utf8')).toBe(
      'flask\nPyYAML\n'
    )
    expect(await dependencies('web/package.json')).toEqual({
      dayjs: '^1.11.13'
    })
    expect(await dependencies('package.json')).toBeUndefined()
  })
})
