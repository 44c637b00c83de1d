/**
 * Implicit use on fixture projects: each declared package is used through exactly one kind of
 * evidence, so a reader taken out of the registry fails its row here.
 */
import { describe, expect, it } from '@jest/globals'

import { runAudit } from '../../../../src/core/audit/audit.js'
import { defaultConfig } from '../../../../src/core/audit/config.js'
import { auditPayload, auditText } from '../../../../src/core/audit/report.js'
import { fixturePath } from '../../../helpers/fixtures.js'

const audit = async (name: string) => runAudit(fixturePath(`audit/${name}`), defaultConfig())

const NODE: Array<[string, string, string]> = [
  ['cross-env', 'package.json scripts', 'package.json:5'],
  ['pm2', 'package.json scripts', 'package.json:6'],
  ['react-email', 'package.json scripts', 'package.json:7'],
  ['serve', 'Makefile', 'Makefile:2'],
  ['surge', 'shell script', 'scripts/deploy.sh:4'],
  ['http-server', 'Dockerfile', 'Dockerfile:3'],
  ['forever', 'Procfile', 'Procfile:1'],
  ['wait-on', 'workflow run step', '.github/workflows/ci.yml:11'],
  ['pug', 'driver or plug-in', 'src/app.js:4'],
  ['tailwindcss', 'stylesheet', 'src/index.css:1'],
  ['eslint-config-airbnb-base', 'ESLint config', '.eslintrc.json:2'],
  ['@babel/preset-env', 'Babel config', 'babel.config.json:2'],
  ['prettier-plugin-svelte', 'Prettier config', '.prettierrc.json:2'],
  ['autoprefixer', 'PostCSS config', 'postcss.config.cjs:3'],
  ['jest-environment-jsdom', 'Jest config', 'jest.config.json:2'],
  ['@vitest/coverage-istanbul', 'Vitest config', 'vitest.config.ts:3'],
  ['sass', 'Vite config', 'vite.config.ts:1'],
  ['react', 'tsconfig', 'tsconfig.json:3']
]

const PYTHON: Array<[string, string, string]> = [
  ['psycopg2-binary', 'driver or plug-in', 'app/config.py:3'],
  ['PyMySQL', 'driver or plug-in', '.env.example:1'],
  ['email-validator', 'driver or plug-in', 'app/main.py:6'],
  ['python-multipart', 'driver or plug-in', 'app/main.py:5'],
  ['httpx', 'driver or plug-in', 'tests/test_main.py:1'],
  ['lxml', 'driver or plug-in', 'app/main.py:21'],
  ['Babel', 'Python subprocess call', 'app/main.py:25'],
  ['django-csp', 'Django settings', 'site/settings.py:2'],
  ['sphinx', 'Sphinx conf.py', 'docs/conf.py:1'],
  ['furo', 'Sphinx conf.py', 'docs/conf.py:3'],
  ['sphinx-autobuild', 'Makefile', 'docs/Makefile:4'],
  ['mkdocs', 'Makefile', 'Makefile:2'],
  ['uwsgi', 'Procfile', 'Procfile:1'],
  ['alembic', 'shell script', 'scripts/migrate.sh:3'],
  ['celery', 'Dockerfile', 'Dockerfile:3'],
  ['smokeshow', 'workflow run step', '.github/workflows/coverage.yml:8'],
  ['zizmor', 'pre-commit hook', '.pre-commit-config.yaml:6'],
  ['SpeechRecognition', 'import under another name', 'app/main.py:3']
]

describe('implicit use: packages used without an import', () => {
  it.each(NODE)('counts %s as used through its %s (%s)', async (name, kind, where) => {
    const result = await audit('implicit-node')
    const use = result.implicit.find(u => u.name === name)
    expect(use && `${use.kind} ${use.file}:${use.line}`).toBe(`${kind} ${where}`)
    expect(result.findings.filter(f => f.name === name)).toEqual([])
  })

  it.each(PYTHON)('counts %s as used through its %s (%s)', async (name, kind, where) => {
    const result = await audit('implicit-python')
    const use = result.implicit.find(u => u.name === name)
    expect(use && `${use.kind} ${use.file}:${use.line}`).toBe(`${kind} ${where}`)
    expect(result.findings.filter(f => f.name === name)).toEqual([])
  })

  it('still reports a package nothing uses, in either ecosystem', async () => {
    const node = await audit('implicit-node')
    const python = await audit('implicit-python')
    expect(node.findings.map(f => `${f.rule} ${f.name}`)).toEqual(['unused left-pad'])
    expect(python.findings.map(f => `${f.rule} ${f.name}`)).toEqual(['unused requests'])
  })

  it('shows each implicit use with its evidence in the JSON report and the text output', async () => {
    const result = await audit('implicit-node')
    const payload = auditPayload(result, [], 0)
    expect(payload.used_implicitly.find(u => u.name === 'cross-env')).toMatchObject({
      project: '.',
      declaredIn: { file: 'package.json' },
      kind: 'package.json scripts',
      file: 'package.json',
      line: 5,
      evidence: 'scripts.dev runs cross-env: "cross-env NODE_ENV=development node src/app.js"'
    })
    const text = auditText(result)
    expect(text).toContain('used implicitly in the project at . (not reported unused):')
    expect(text).toMatch(
      /^ {2}pug \(package\.json:\d+\): src\/app\.js:4: driver or plug-in: Express's view engine: .*using-template-engines/m
    )
  })
})
