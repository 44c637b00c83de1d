import { describe, expect, it } from '@jest/globals'

import { normalizeDist, specifierTarget } from '../../../../src/core/audit/names.js'
import { resolveImport } from '../../../../src/core/audit/python/mapping.js'
import { isStdlib, targetVersions } from '../../../../src/core/audit/python/stdlib.js'

describe('names', () => {
  it('normalises distribution names as PEP 503 does', () => {
    expect(normalizeDist('Ruamel.YAML')).toBe('ruamel-yaml')
    expect(normalizeDist('typing__extensions')).toBe('typing-extensions')
  })

  it.each([
    ['@scope/name/sub/path', 'package', '@scope/name'],
    ['lodash/fp', 'package', 'lodash'],
    ['node:test', 'builtin', 'test'],
    ['fs/promises', 'builtin', 'fs/promises'],
    ['test', 'package', 'test'],
    ['#internal/x', 'subpath-import', '#internal/x'],
    ['./local', 'relative', './local'],
    ['https://esm.sh/x', 'url', 'https://esm.sh/x'],
    ['npm:left-pad@1.3.0', 'package', 'left-pad'],
    ['style-loader!./x.css', 'relative', './x.css'],
    ['pkg/file.svg?raw', 'package', 'pkg']
  ])('reads %p as a %s named %p', (specifier, kind, name) => {
    expect(specifierTarget(specifier)).toEqual({ kind, name })
  })
})

describe('the Python standard library by version', () => {
  it('knows what each version has', () => {
    expect(isStdlib('tomllib', ['3.10'])).toBe(false)
    expect(isStdlib('tomllib', ['3.11'])).toBe(true)
    expect(isStdlib('distutils', ['3.11'])).toBe(true)
    expect(isStdlib('distutils', ['3.12'])).toBe(false)
    expect(isStdlib('urllib3', ['3.8', '3.14'])).toBe(false)
  })

  it('reads requires-python', () => {
    expect(targetVersions('>=3.10,<3.13')).toEqual(['3.10', '3.11', '3.12'])
    expect(targetVersions('~=3.12')).toEqual(['3.12', '3.13', '3.14'])
    expect(targetVersions(undefined)).toHaveLength(7)
    expect(() => targetVersions('>= three')).toThrow(/cannot read the Python version clause/)
  })
})

describe('import to distribution mapping', () => {
  it('ranks the user map over installed metadata over the curated table over a guess', () => {
    const installed = new Map([['yaml', ['PyYAML-custom']]])
    expect(resolveImport('yaml', { yaml: ['my-yaml'] }, installed)).toMatchObject({
      candidates: ['my-yaml'],
      confidence: 'high',
      source: 'user-map'
    })
    expect(resolveImport('yaml', {}, installed)).toMatchObject({
      candidates: ['PyYAML-custom'],
      confidence: 'high',
      source: 'installed'
    })
    expect(resolveImport('yaml', {}, new Map())).toMatchObject({
      candidates: ['PyYAML'],
      confidence: 'medium',
      source: 'curated'
    })
    expect(resolveImport('some_thing', {}, new Map())).toMatchObject({
      candidates: ['some-thing'],
      confidence: 'low',
      source: 'identity'
    })
  })

  it('never maps a bare namespace root to one distribution', () => {
    expect(resolveImport('google', {}, new Map()).confidence).toBe('low')
    expect(resolveImport('google.protobuf.message', {}, new Map()).candidates).toEqual(['protobuf'])
    expect(resolveImport('ruamel.yaml', {}, new Map()).candidates).toEqual(['ruamel.yaml'])
  })

  it('marks names several distributions provide as ambiguous', () => {
    expect(resolveImport('cv2', {}, new Map()).candidates.length).toBeGreaterThan(1)
  })
})

describe('the audit config file', () => {
  it('reads every key', async () => {
    const { parseAuditConfig } = await import('../../../../src/core/audit/config.js')
    const config = parseAuditConfig(
      'audit.yml',
      'paths: [src]\nexclude: [gen/]\nknown-first-party: [app]\npackage-map: {a: b, c: [d, e]}\npython-version: ">=3.10"\nsite-packages: [.venv/x]\ndev-paths: [tools/]\nignore: {unused: [gunicorn]}\npip-args: [--index-url, https://pypi.example/simple]\nnpm-args: [--prefer-offline]\n'
    )
    expect(config).toMatchObject({
      paths: ['src'],
      exclude: ['gen/'],
      knownFirstParty: ['app'],
      packageMap: { a: ['b'], c: ['d', 'e'] },
      pythonVersion: '>=3.10',
      sitePackages: ['.venv/x'],
      devPaths: ['tools/'],
      pipArgs: ['--index-url', 'https://pypi.example/simple'],
      npmArgs: ['--prefer-offline']
    })
    expect(config.ignore.unused).toEqual(['gunicorn'])
  })

  it('refuses --extra-index-url and suggests misspelled keys, with the line', async () => {
    const { parseAuditConfig } = await import('../../../../src/core/audit/config.js')
    expect(() => parseAuditConfig('a.yml', 'pip-args: [--extra-index-url, x]\n')).toThrow(
      /dependency confusion/
    )
    expect(() => parseAuditConfig('a.yml', 'paths: [.]\nexlude: [x]\n')).toThrow(
      expect.objectContaining({
        message: "exlude: unknown key 'exlude'. Did you mean 'exclude'?",
        location: { file: 'a.yml', line: 2, column: 1 }
      })
    )
  })
})
