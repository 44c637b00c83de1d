/** The sentinel on fixture projects: real files, real manifests. */
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterAll, describe, expect, it } from '@jest/globals'

import { runAudit } from '../../../../src/core/audit/audit.js'
import { type AuditConfig, defaultConfig } from '../../../../src/core/audit/config.js'
import { describeError } from '../../../../src/core/errors.js'
import { fixtureCopy, fixturePath } from '../../../helpers/fixtures.js'

const audit = async (name: string, config: Partial<AuditConfig> = {}) =>
  runAudit(fixturePath(`audit/${name}`), { ...defaultConfig(), ...config })
const brief = (
  findings: Array<{ rule: string; name: string; file: string; line: number }>
): string[] => findings.map(f => `${f.rule} ${f.name} ${f.file}:${f.line}`)

describe('the dependency sentinel on fixture projects', () => {
  it('audits a Python app with requirements files (includes, extras, markers, URLs, dev files)', async () => {
    const result = await audit('py-requirements')
    expect(brief(result.findings)).toEqual([
      'missing yaml app/main.py:3',
      'missing sklearn app/main.py:4',
      'missing mystery_pkg app/main.py:5',
      'misplaced-dev pytest app/main.py:9',
      'unused click requirements.txt:4',
      'stdlib-declared asyncio requirements.txt:5'
    ])
    expect(result.manifests.map(m => m.file).sort()).toEqual([
      'requirements-base.txt',
      'requirements-dev.txt',
      'requirements.txt'
    ])
    expect(result.ignored).toBe(1)
  })

  it('maps import sklearn to scikit-learn, never to the sklearn stub', async () => {
    const sklearn = (await audit('py-requirements')).findings.find(f => f.name === 'sklearn')!
    expect(sklearn.suggestion).toEqual({
      names: ['scikit-learn'],
      confidence: 'medium',
      source: 'curated'
    })
    const mystery = (await audit('py-requirements')).findings.find(f => f.name === 'mystery_pkg')!
    expect(mystery.suggestion?.confidence).toBe('low')
  })

  it('reads PEP 621 pyproject with a src layout and judges stdlib by requires-python', async () => {
    const result = await audit('py-pyproject')
    expect(brief(result.findings)).toEqual(['missing distutils src/mypkg/__init__.py:5'])
    expect(result.findings[0]!.message).toMatch(
      /not in the standard library of Python 3\.12, 3\.13, 3\.14.*setuptools/
    )
    expect(result.pythonVersions).toEqual(['3.11', '3.12', '3.13', '3.14'])
  })

  it('reads Poetry dependencies and groups', async () => {
    const result = await audit('py-poetry')
    expect(brief(result.findings)).toEqual(['missing dateutil svc/app.py:2'])
    expect(result.findings[0]!.suggestion?.names).toEqual(['python-dateutil'])
  })

  it('resolves namespace packages by their longest dotted prefix', async () => {
    const result = await audit('py-namespace')
    expect(brief(result.findings)).toEqual(['missing google.cloud.bigquery jobs.py:2'])
    expect(result.findings[0]!.suggestion?.names).toEqual(['google-cloud-bigquery'])
  })

  it('treats optional, type-checking, conditional and dynamic imports as softer findings', async () => {
    const result = await audit('py-mixed')
    expect(result.findings.map(f => `${f.rule} ${f.name}`)).toEqual([
      'missing-optional ujson',
      'missing-optional mypy_extensions',
      'missing-optional tomli',
      'missing-optional acme_plugin',
      'missing attr'
    ])
    expect(result.findings.find(f => f.name === 'attr')!.suggestion?.names).toEqual(['attrs'])
  })

  it('audits a Node/TS app: tsconfig paths, subpath imports, builtins, @types for type-only imports', async () => {
    const result = await audit('node-ts')
    expect(brief(result.findings)).toEqual([
      'unused left-pad package.json:10',
      'missing chalk src/index.ts:4',
      'misplaced-dev vitest src/index.ts:8',
      'missing-optional lazy-pkg src/index.ts:9'
    ])
  })

  it('applies config ignores', async () => {
    const result = await audit('py-requirements', {
      ignore: { ...defaultConfig().ignore, missing: ['mystery-pkg', 'yaml'], unused: ['click'] }
    })
    expect(result.findings.map(f => f.name)).toEqual(['sklearn', 'pytest', 'asyncio'])
  })

  it('uses installed metadata (top_level.txt, RECORD) as high confidence', async () => {
    const dir = await fixtureCopy('audit/py-poetry')
    const info = path.join(dir, 'site/python_dateutil-2.9.0.dist-info')
    await mkdir(info, { recursive: true })
    await writeFile(
      path.join(info, 'METADATA'),
      'Metadata-Version: 2.1\nName: python-dateutil\nVersion: 2.9.0\n'
    )
    await writeFile(
      path.join(info, 'RECORD'),
      'dateutil/__init__.py,,\ndateutil/parser/__init__.py,,\n'
    )
    const result = await runAudit(dir, {
      ...defaultConfig(),
      sitePackages: ['site'],
      exclude: ['site']
    })
    expect(result.findings[0]!.suggestion).toEqual({
      names: ['python-dateutil'],
      confidence: 'high',
      source: 'installed'
    })
  })

  it('respects .gitignore and the default excludes', async () => {
    const dir = await fixtureCopy('audit/py-poetry')
    await mkdir(path.join(dir, 'generated'), { recursive: true })
    await mkdir(path.join(dir, '.venv/lib'), { recursive: true })
    await writeFile(path.join(dir, 'generated/x.py'), 'import not_scanned_one\n')
    await writeFile(path.join(dir, '.venv/lib/y.py'), 'import not_scanned_two\n')
    await writeFile(path.join(dir, '.venv/pyvenv.cfg'), 'home = /usr/bin\n')
    await writeFile(path.join(dir, '.gitignore'), '# build output\ngenerated/\n')
    const result = await runAudit(dir, defaultConfig())
    expect(result.findings.map(f => f.name)).toEqual(['dateutil'])
  })

  it('reads un-ignored code in folders named build/ and env/, at any depth (no bare-name excludes)', async () => {
    const dir = await fixtureCopy('audit/py-poetry')
    await mkdir(path.join(dir, 'svc/env'), { recursive: true })
    await mkdir(path.join(dir, 'svc/build'), { recursive: true })
    await writeFile(path.join(dir, 'svc/env/settings.py'), 'import boto3\n')
    await writeFile(path.join(dir, 'svc/build/cache.py'), 'import redis\n')
    const result = await runAudit(dir, defaultConfig())
    expect(result.findings.map(f => f.name).sort()).toEqual(['boto3', 'dateutil', 'redis'])
  })

  it('takes the scope from the repository: .gitignore (with negation), .git/info/exclude, ignore files above a sub-project, pyvenv.cfg, user excludes', async () => {
    const dir = await fixtureCopy('audit/py-poetry')
    const write = async (file: string, text: string) => {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true })
      await writeFile(path.join(dir, file), text)
    }
    await write('.git/info/exclude', 'scratch/\n')
    await write('.gitignore', 'out/\n*.gen.py\n!keep.gen.py\n')
    await write('scratch/a.py', 'import excluded_by_info\n')
    await write('svc/out/b.py', 'import ignored_at_depth\n')
    await write('svc/x.gen.py', 'import generated_file\n')
    await write('svc/keep.gen.py', 'import kept_by_negation\n')
    await write('tools/myenv/pyvenv.cfg', 'home = /usr/bin\n')
    await write('tools/myenv/lib/c.py', 'import inside_a_venv\n')
    await write('vendor/d.py', 'import user_excluded\n')
    const result = await runAudit(dir, { ...defaultConfig(), exclude: ['vendor/'] })
    expect(result.findings.map(f => f.name).sort()).toEqual(['dateutil', 'kept_by_negation'])
    // run from the sub-project svc/: the repository's .gitignore above it still applies
    await write('svc/pyproject.toml', '[project]\nname = "svc"\ndependencies = []\n')
    const sub = (await runAudit(path.join(dir, 'svc'), defaultConfig())).findings.map(f => f.name)
    expect(sub).toContain('kept_by_negation')
    expect(sub).not.toContain('ignored_at_depth')
    expect(sub).not.toContain('generated_file')
  })

  it.each([
    [
      'pyproject.toml',
      '[project]\nname = "x"\ndependencies = [\n  "a",\n  "b"\n',
      /^pyproject\.toml:\d+:\d+: TOML syntax error/
    ],
    [
      'requirements.txt',
      'requests\nthis is not a requirement\n',
      /^requirements\.txt:2: cannot read the requirement 'this is not a requirement'/
    ],
    [
      'package.json',
      '{\n  "dependencies": {\n    "a": "1",\n  }\n}\n',
      /^package\.json:4:\d+: not valid JSON/
    ]
  ])('names the file and line of a malformed %s', async (file, text, message) => {
    const dir = await fixtureCopy('audit/py-poetry')
    await writeFile(path.join(dir, file), text)
    await expect(
      runAudit(dir, defaultConfig()).catch(error => Promise.reject(new Error(describeError(error))))
    ).rejects.toThrow(message)
  })

  it('reads a file it was given in a -r include relative to the including file', async () => {
    const text = await readFile(fixturePath('audit/py-requirements/requirements.txt'), 'utf8')
    expect(text).toContain('-r requirements-base.txt')
    const result = await audit('py-requirements')
    expect(
      result.manifests.find(m => m.file === 'requirements-base.txt')?.declared.map(d => d.name)
    ).toEqual(['requests'])
  })
})

/** Writes a small project tree into a fresh temp folder. */
/** Folders the tests made, removed at the end. */
const made: string[] = []
afterAll(async () => {
  await Promise.all(made.map(dir => rm(dir, { recursive: true, force: true })))
})

async function tree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-audit-tree-'))
  made.push(dir)
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true })
    await writeFile(path.join(dir, file), text)
  }
  return dir
}

describe('project discovery: every manifest, each file judged against its nearest project', () => {
  it('a uv workspace: the root without dependencies, the member with its own first-party tests package', async () => {
    const dir = await tree({
      'pyproject.toml':
        '[tool.uv.workspace]\nmembers = ["backend"]\n\n[dependency-groups]\ndev = ["ruff"]\n',
      'backend/pyproject.toml':
        '[project]\nname = "app"\nrequires-python = ">=3.11"\ndependencies = ["fastapi"]\n',
      'backend/app/__init__.py': '',
      'backend/app/main.py': 'import fastapi\nimport tomllib\n',
      'backend/tests/__init__.py': '',
      'backend/tests/utils.py': 'X = 1\n',
      'backend/tests/test_main.py': 'from tests.utils import X\nfrom app.main import fastapi\n'
    })
    const result = await runAudit(dir, defaultConfig())
    expect(brief(result.findings)).toEqual([])
  })

  it('an npm workspace: a member sees the root dev tools, but not a sibling member’s dependencies', async () => {
    const dir = await tree({
      'package.json': JSON.stringify({
        name: 'root',
        private: true,
        workspaces: ['packages/*'],
        devDependencies: { vitest: '^3' }
      }),
      'packages/a/package.json': JSON.stringify({ name: 'a', dependencies: { lodash: '^4' } }),
      'packages/a/src/index.ts': "import lodash from 'lodash'\nexport default lodash\n",
      'packages/a/test/a.test.ts':
        "import { it } from 'vitest'\nimport a from 'a'\nit('x', () => a)\n",
      'packages/b/package.json': JSON.stringify({ name: 'b', dependencies: { a: '*' } }),
      'packages/b/index.js':
        "import lodash from 'lodash'\nimport a from 'a'\nexport { a, lodash }\n"
    })
    const result = await runAudit(dir, defaultConfig())
    expect(brief(result.findings)).toEqual(['missing lodash packages/b/index.js:1'])
    expect(result.findings[0]!.project).toBe('packages/b')
  })

  it('tsconfig paths of a sub-project make its @/ aliases first-party', async () => {
    const dir = await tree({
      'package.json': JSON.stringify({ name: 'root', private: true }),
      'frontend/package.json': JSON.stringify({ name: 'web', dependencies: { react: '^19' } }),
      'frontend/tsconfig.json':
        '{\n  // JSONC\n  "compilerOptions": { "paths": { "@/*": ["./src/*"] } },\n}\n',
      'frontend/src/main.tsx':
        "import React from 'react'\nimport { api } from '@/client'\nexport { React, api }\n",
      'frontend/src/client/index.ts': 'export const api = 1\n'
    })
    const result = await runAudit(dir, defaultConfig())
    expect(brief(result.findings)).toEqual([])
  })
})

describe('run from a workspace member', () => {
  it('sees the dev tools of the npm/pnpm workspace root above it, and of a uv workspace root', async () => {
    const dir = await tree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'package.json': JSON.stringify({ private: true, devDependencies: { vitest: '^3' } }),
      'pnpm-workspace.yaml': 'packages: [packages/*]\n',
      'packages/core/package.json': JSON.stringify({ name: 'core' }),
      'packages/core/test/a.test.ts': "import { it } from 'vitest'\nit('x', () => {})\n",
      'pyproject.toml':
        '[tool.uv.workspace]\nmembers = ["svc"]\n\n[dependency-groups]\ndev = ["pytest"]\n',
      'svc/pyproject.toml': '[project]\nname = "svc"\ndependencies = []\n',
      'svc/tests/test_a.py': 'import pytest\n'
    })
    expect(
      brief((await runAudit(path.join(dir, 'packages/core'), defaultConfig())).findings)
    ).toEqual([])
    expect(brief((await runAudit(path.join(dir, 'svc'), defaultConfig())).findings)).toEqual([])
  })
})

describe('an undeclared Python version: the Python the project runs on', () => {
  const project = (extra: Record<string, string>) =>
    tree({
      'requirements.txt': 'requests\n',
      'app.py': 'import requests\nimport tomllib\n',
      ...extra
    })
  /** A folder whose python3 prints `version`, or none at all. */
  const pathWith = async (version?: string): Promise<string> => {
    const bin = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-python3-'))
    made.push(bin)
    if (version) {
      await writeFile(path.join(bin, 'python3'), `#!/bin/sh\necho "Python ${version}"\n`)
      await chmod(path.join(bin, 'python3'), 0o755)
    }
    return bin
  }
  const withPath = async <T>(dir: string, work: () => Promise<T>): Promise<T> => {
    const saved = process.env.PATH
    process.env.PATH = dir
    try {
      return await work()
    } finally {
      process.env.PATH = saved
    }
  }

  it.each([
    ['.python-version', { '.python-version': '3.11.4\n' }, '3.11', []],
    ['runtime.txt', { 'runtime.txt': 'python-3.12.1\n' }, '3.12', []],
    [
      '.python-version of an older Python',
      { '.python-version': '3.9\n' },
      '3.9',
      ['missing tomllib app.py:2']
    ]
  ])('reads %s', async (source, files, version, findings) => {
    const result = await withPath(await pathWith(), async () =>
      runAudit(await project(files), defaultConfig())
    )
    expect(result.pythonVersions).toEqual([version])
    expect(brief(result.findings)).toEqual(findings)
    expect(result.notes.join('\n')).toContain(
      `the standard library of Python ${version} was used, from ${source.split(' ')[0]}`
    )
  })

  it('asks the python3 on PATH when no file says', async () => {
    const result = await withPath(await pathWith('3.13.1'), async () =>
      runAudit(await project({}), defaultConfig())
    )
    expect(result.pythonVersions).toEqual(['3.13'])
    expect(brief(result.findings)).toEqual([])
    expect(result.notes.join('\n')).toContain('Python 3.13 was used, from python3 on PATH')
  })

  it('targets every known version, and says so, when there is no Python to ask', async () => {
    const result = await withPath(await pathWith(), async () =>
      runAudit(await project({}), defaultConfig())
    )
    expect(result.pythonVersions[0]).toBe('3.8')
    expect(brief(result.findings)).toEqual(['missing tomllib app.py:2'])
    expect(result.notes.join('\n')).toContain(
      'no python3 was found: every Python from 3.8 to 3.14 was targeted'
    )
  })

  it("reads a sub-project's own .python-version for its files", async () => {
    const dir = await tree({
      'requirements.txt': 'requests\n',
      '.python-version': '3.12\n',
      'app.py': 'import requests\nimport tomllib\n',
      'legacy/requirements.txt': 'requests\n',
      'legacy/.python-version': '3.9\n',
      'legacy/old.py': 'import requests\nimport tomllib\n'
    })
    const result = await withPath(await pathWith(), async () => runAudit(dir, defaultConfig()))
    expect(brief(result.findings)).toEqual(['missing tomllib legacy/old.py:2'])
    expect(result.notes.join('\n')).toContain('for legacy (requires-python')
  })

  it('names only the projects it judged, not a root without Python', async () => {
    const dir = await tree({
      'backend/requirements.txt': 'requests\n',
      'backend/.python-version': '3.12\n',
      'backend/app.py': 'import requests\nimport tomllib\n'
    })
    const result = await withPath(await pathWith(), async () => runAudit(dir, defaultConfig()))
    const notes = result.notes.filter(n => n.startsWith('No Python version'))
    expect(notes).toEqual([expect.stringContaining('for backend (requires-python')])
  })

  it('keeps a declared requires-python over the interpreter', async () => {
    const dir = await tree({
      'pyproject.toml':
        '[project]\nname = "x"\nrequires-python = ">=3.9"\ndependencies = ["requests"]\n',
      'app.py': 'import requests\nimport tomllib\n'
    })
    const result = await withPath(await pathWith('3.13.1'), async () =>
      runAudit(dir, defaultConfig())
    )
    expect(result.pythonVersions[0]).toBe('3.9')
    expect(brief(result.findings)).toEqual(['missing tomllib app.py:2'])
  })
})

describe('a module a file probes for', () => {
  const probing = [
    'import requests',
    'try:',
    '    import fpdf',
    'except ImportError:',
    '    fpdf = None',
    '',
    'def make():',
    '    from fpdf import FPDF',
    '    return FPDF()',
    ''
  ].join('\n')
  const config = { ...defaultConfig(), pythonVersion: '>=3.11' }

  it('is optional in all of that file: the import in its helper is not missing', async () => {
    const dir = await tree({ 'requirements.txt': 'requests\n', 'pdf.py': probing })
    const result = await runAudit(dir, config)
    expect(result.findings.map(f => `${f.rule} ${f.name} ${f.file}:${f.line}`)).toEqual([
      'missing-optional fpdf pdf.py:3'
    ])
  })

  it('is still missing where another file imports it outright', async () => {
    const dir = await tree({
      'requirements.txt': 'requests\n',
      'pdf.py': probing,
      'app.py': 'import requests\nimport fpdf\n'
    })
    const result = await runAudit(dir, config)
    expect(brief(result.findings)).toEqual(['missing fpdf app.py:2'])
  })
})
