import { describe, expect, it } from '@jest/globals'

import { type PythonImport, pythonImports } from '../../../../src/core/audit/python/imports.js'

const found = (source: string): string[] =>
  pythonImports(source).imports.map(
    i =>
      `${i.line}:${'.'.repeat(i.level)}${i.module}${i.tags.size ? ` [${[...i.tags].sort().join(',')}]` : ''}`
  )
const one = (source: string): PythonImport => pythonImports(source).imports[0]!

describe('Python import extraction', () => {
  it('reads every statement form', () => {
    const source = [
      'import os, sys as system',
      'import a.b.c as d',
      'from e.f import g, h as i',
      'from . import local',
      'from ..pkg.mod import thing',
      'x = 1; import j',
      'if True: import k',
      'def f():',
      '    import l',
      'from m import (',
      '    n,',
      '    o,',
      ')',
      'import p, \\',
      '    q'
    ].join('\n')
    expect(found(source)).toEqual([
      '1:os',
      '1:sys',
      '2:a.b.c',
      '3:e.f',
      '4:.',
      '5:..pkg.mod',
      '6:j',
      '7:k',
      '9:l',
      '10:m',
      '14:p',
      '14:q'
    ])
    expect(pythonImports(source).imports.find(i => i.module === 'e.f')?.names).toEqual(['g', 'h'])
  })

  it('ignores imports in strings, docstrings, f-strings and comments', () => {
    const source = [
      '"""',
      'import not_this',
      '"""',
      "s = 'import nor_this'",
      't = f\'{x!r:>{w}} import {y["k"]}\'',
      "u = rb'\\' import z'",
      '# import commented',
      'import real'
    ].join('\n')
    expect(found(source)).toEqual(['8:real'])
  })

  it('keeps keywords used elsewhere from starting an import', () => {
    expect(
      found('def gen():\n    yield from items\nraise E from err\nx = [i for i in range(3)]\n')
    ).toEqual([])
  })

  it('tags imports under TYPE_CHECKING, including aliases, and not their else branch', () => {
    const source = [
      'from typing import TYPE_CHECKING as TC',
      'import typing',
      'if TC:',
      '    import a',
      'else:',
      '    import b',
      'if typing.TYPE_CHECKING:',
      '    import c',
      'if not TYPE_CHECKING:',
      '    import d',
      'else:',
      '    import e'
    ].join('\n')
    expect(found(source)).toEqual([
      '1:typing',
      '2:typing',
      '4:a [type-checking-only]',
      '6:b',
      '8:c [type-checking-only]',
      '10:d',
      '12:e [type-checking-only]'
    ])
  })

  it('tags imports guarded by except ImportError as optional, fallback included', () => {
    const source = [
      'try:',
      '    import ujson as json',
      'except ImportError:',
      '    import json',
      'try:',
      '    import yaml',
      'except ValueError:',
      '    pass',
      'import after'
    ].join('\n')
    expect(found(source)).toEqual(['2:ujson [optional]', '4:json [optional]', '6:yaml', '9:after'])
  })

  it('tags imports in version and platform branches as conditional', () => {
    const source = [
      'import sys',
      'if sys.version_info >= (3, 11):',
      '    import tomllib',
      'else:',
      '    import tomli as tomllib',
      "if sys.platform == 'win32':",
      '    import winreg',
      'import always'
    ].join('\n')
    expect(found(source)).toEqual([
      '1:sys',
      '3:tomllib [conditional]',
      '5:tomli [conditional]',
      '7:winreg [conditional]',
      '8:always'
    ])
  })

  it('finds literal dynamic imports and their aliases', () => {
    const source = [
      'import importlib',
      'from importlib import import_module as load',
      "m = importlib.import_module('plugins.x')",
      'n = __import__("yaml")',
      "o = load('pkg_resources')",
      'p = importlib.import_module(name)',
      "q = importlib.import_module('.rel', 'pkg')"
    ].join('\n')
    expect(found(source)).toEqual([
      '1:importlib',
      '2:importlib',
      '3:plugins.x [dynamic]',
      '4:yaml [dynamic]',
      '5:pkg_resources [dynamic]'
    ])
  })

  it('still reads what it can from a file with a syntax error, and says so', () => {
    const result = pythonImports("import os\nx = 'unterminated\nimport requests\n")
    expect(result.imports.map(i => i.top)).toEqual(['os', 'requests'])
    expect(result.problems).toEqual(['unterminated string on line 2'])
  })

  it('gives the top-level name and the level', () => {
    expect(one('import google.cloud.storage')).toMatchObject({
      module: 'google.cloud.storage',
      top: 'google',
      level: 0
    })
    expect(one('from ...a import b')).toMatchObject({ module: 'a', level: 3 })
  })

  it('handles PEP 701 f-strings that nest the same quotes', () => {
    expect(found('x = f"{d["key"]} and {f"{y}"}"\nimport after\n')).toEqual(['2:after'])
  })
})
