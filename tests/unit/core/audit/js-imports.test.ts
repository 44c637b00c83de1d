import { describe, expect, it } from '@jest/globals'

import { jsImports } from '../../../../src/core/audit/js/imports.js'

const specs = (source: string, dts = false): string[] =>
  jsImports(source, dts).map(i => `${i.line}:${i.specifier}:${i.kind}${i.typeOnly ? ':type' : ''}`)

describe('JS/TS module specifiers', () => {
  it('reads every import and export form', () => {
    const source = [
      "import a from 'a'",
      "import * as b from 'b'",
      "import { c, d as e } from '@scope/c/sub'",
      "import f, { g } from 'f'",
      "import 'side-effect'",
      "export * from 'h'",
      "export * as i from 'i'",
      "export { j } from 'j'",
      "import k = require('k')",
      "const l = require('l')",
      "const m = await import('m')",
      "const n = require.resolve('n')",
      'const o = require(`o`)'
    ].join('\n')
    expect(specs(source)).toEqual([
      '1:a:static',
      '2:b:static',
      '3:@scope/c/sub:static',
      '4:f:static',
      '5:side-effect:static',
      '6:h:static',
      '7:i:static',
      '8:j:static',
      '9:k:require',
      '10:l:require',
      '11:m:dynamic',
      '12:n:resolve',
      '13:o:require'
    ])
  })

  it('marks type-only imports', () => {
    const source = [
      "import type { A } from 'a'",
      "import { type B, type C } from 'b'",
      "import { type D, e } from 'd'",
      "export type { F } from 'f'",
      "type G = import('g').G"
    ].join('\n')
    expect(specs(source)).toEqual([
      '1:a:static:type',
      '2:b:static:type',
      '3:d:static',
      '4:f:static:type',
      '5:g:dynamic'
    ])
    expect(specs("import x from 'x'", true)).toEqual(['1:x:static:type'])
  })

  it('ignores specifiers in comments, strings, templates and regexes', () => {
    const source = [
      "// import a from 'a'",
      "/* require('b') */",
      'const s = "import c from \'c\'"',
      "const t = `require('d') ${x} import('e')`",
      "const r = /require\\('f'\\)/.test(x)",
      "const q = a / 2 / b; require('real')"
    ].join('\n')
    expect(specs(source)).toEqual(['6:real:require'])
  })

  it('finds imports inside template substitutions', () => {
    expect(specs("const t = `${require('inner')}`")).toEqual(['1:inner:require'])
  })

  it('skips properties, import.meta, computed arguments and declarations', () => {
    const source = [
      "obj.require('a')",
      'import.meta.url',
      "require('b' + c)",
      'import(name)',
      "declare module 'd' {}",
      "x.import('e')"
    ].join('\n')
    expect(specs(source)).toEqual([])
  })
})
