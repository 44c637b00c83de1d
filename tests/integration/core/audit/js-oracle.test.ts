/**
 * The accuracy oracle for JS/TS: on this repository's own node_modules sources, our specifiers (line
 * and text) must equal those of the TypeScript compiler's full syntax tree, file by file, for every
 * file it parses without errors. Minified files (a line over 1,000 characters) are left to the bench.
 * The compiler's answer for a content is asked once (a third of these files are copies of others) and
 * kept between runs (tests/helpers/oracle-cache.ts); ours is computed for every file, every run.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'
import ts from 'typescript'

import { jsImports } from '../../../../src/core/audit/js/imports.js'
import { ROOT } from '../../../helpers/action-runner.js'
import { contentKey, oracleCache } from '../../../helpers/oracle-cache.js'
import { astSpecifiers } from '../../../helpers/ts-oracle.js'

const SOURCE = /\.(?:[cm]?[jt]s)$/

describe('JS/TS specifier extraction against the TypeScript syntax tree', () => {
  it('matches the compiler on every parseable, non-minified source file in node_modules', () => {
    const files = readdirSync(path.join(ROOT, 'node_modules'), {
      recursive: true,
      withFileTypes: true
    })
      .filter(entry => entry.isFile() && SOURCE.test(entry.name))
      .map(entry => path.join(entry.parentPath, entry.name))
      .filter(file => statSync(file).size < 1_000_000)
    const oracleSource = readFileSync(path.join(ROOT, 'tests/helpers/ts-oracle.ts'), 'utf8')
    const cache = oracleCache<ReturnType<typeof astSpecifiers>>(
      'ts-specifiers',
      `typescript ${ts.version}\n${oracleSource}`
    )
    let compared = 0
    const differences: string[] = []
    try {
      for (const file of files) {
        const text = readFileSync(file, 'utf8')
        if (text.split('\n').some(line => line.length > 1000)) continue
        // the compiler reads the kind (and .d.ts) from the name's extensions, nothing else of it
        const key = contentKey(text, /(?:\.d)?\.[^./]+$/.exec(file)![0])
        let oracle = cache.get(key)
        if (!oracle) cache.set(key, (oracle = astSpecifiers(file, text)))
        if (oracle.parseErrors > 0) continue
        compared++
        const ours = [
          ...new Set(
            jsImports(text, /\.d\.[cm]?ts$/.test(file)).map(i => `${i.line}:${i.specifier}`)
          )
        ].sort()
        if (JSON.stringify(ours) !== JSON.stringify(oracle.specifiers))
          differences.push(`${file}: ours ${ours.join(' ')} / ts ${oracle.specifiers.join(' ')}`)
      }
    } finally {
      cache.save()
    }
    expect(compared).toBeGreaterThan(3000)
    expect(differences).toEqual([])
  })
})
