/** The programs a command line runs, as the implicit-use readers see them. */
import { describe, expect, it } from '@jest/globals'

import { commandsOf } from '../../../../src/core/audit/implicit/commands.js'
import { declaredBy, type MatchContext } from '../../../../src/core/audit/implicit/match.js'
import type { Declared } from '../../../../src/core/audit/manifests/types.js'

const names = (line: string): string[] =>
  commandsOf(line).map(c => (c.by === 'module' ? `-m ${c.name}` : c.name))

describe('commandsOf', () => {
  it('looks through env assignments, wrappers that run the rest and runners', () => {
    expect(names('cross-env NODE_ENV=development nodemon src/index.js')).toEqual([
      'cross-env',
      'nodemon'
    ])
    expect(names('npx --yes wait-on http://x && uv run mypy src; poetry run pytest -q')).toEqual([
      'wait-on',
      'mypy',
      'pytest'
    ])
    expect(names('exec gunicorn app:app | tee log')).toEqual(['gunicorn', 'tee'])
  })

  it('reads python -m as a module, and npm run as a script name (no program)', () => {
    expect(names('python3 -Im sphinx -b html docs out')).toEqual(['-m sphinx'])
    expect(names('npm run build && pnpm changeset version')).toEqual(['changeset'])
  })

  it('reads quoted arguments as command lines, and ./node_modules/.bin paths by their program', () => {
    expect(names('concurrently "tsc -w" "nodemon dist/server.js"')).toEqual([
      'tsc',
      'nodemon',
      'concurrently'
    ])
    expect(names('./node_modules/.bin/eslint . && ./scripts/build.sh')).toEqual(['eslint'])
  })
})

describe('declaredBy', () => {
  const context: MatchContext = {
    nodePrograms: new Map(),
    nodeInstalled: new Set(),
    pythonPrograms: new Map(),
    userMap: {},
    installed: new Map()
  }
  const declared = (name: string, ecosystem: 'node' | 'python'): Declared => ({
    name,
    key: ecosystem === 'python' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name,
    file: 'm',
    line: 1,
    group: 'main',
    ecosystem
  })
  const match = (name: string, by: 'command' | 'module', list: Declared[]): string[] =>
    declaredBy({ name, by, kind: 'k', file: 'f', line: 1, evidence: 'e' }, list, context).map(
      d => d.name
    )

  it('maps programs through the table, a scope and their own name', () => {
    const node = ['typescript', '@biomejs/biome', 'react-email', 'pm2'].map(n =>
      declared(n, 'node')
    )
    expect(match('tsc', 'command', node)).toEqual(['typescript'])
    expect(match('biome', 'command', node)).toEqual(['@biomejs/biome'])
    expect(match('email', 'command', node)).toEqual(['react-email'])
    expect(match('pm2', 'command', node)).toEqual(['pm2'])
    expect(match('jest', 'command', node)).toEqual([])
  })

  it('trusts an installed package’s bin list over its name', () => {
    const installed = { ...context, nodeInstalled: new Set(['pm2']) }
    expect(
      declaredBy(
        { name: 'pm2', by: 'command', kind: 'k', file: 'f', line: 1, evidence: 'e' },
        [declared('pm2', 'node')],
        installed
      )
    ).toEqual([])
  })

  it('maps modules to distributions spelled alike, never to an unrelated one', () => {
    const python = ['django-csp', 'pdfminer.six', 'wagtail-font-awesome-svg', 'requests'].map(n =>
      declared(n, 'python')
    )
    expect(match('csp.middleware.CSPMiddleware', 'module', python)).toEqual(['django-csp'])
    expect(match('pdfminer', 'module', python)).toEqual(['pdfminer.six'])
    expect(match('wagtailfontawesomesvg', 'module', python)).toEqual(['wagtail-font-awesome-svg'])
    expect(match('baipw.middleware', 'module', python)).toEqual([])
  })
})
