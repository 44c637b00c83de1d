/**
 * docs/scenarios.md and docs/slos.md against the code they describe: every scenario type has its
 * section naming each parameter the parser accepts for it, and every SLO key and metric is listed.
 * A new type, parameter or key without its documentation fails here.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import { toxicPlugins } from '../../../src/core/proxy/toxics/index.js'
import { COMMON_PARAMETERS, SCENARIO_TYPES } from '../../../src/core/scenarios/types.js'
import { EXPRESSION_KEYS, NUMBER_KEYS } from '../../../src/core/slo/keys.js'
import { METRICS } from '../../../src/core/slo/metrics.js'
import { ROOT } from '../../helpers/action-runner.js'

const scenarios = readFileSync(path.join(ROOT, 'docs/scenarios.md'), 'utf8')
const slos = readFileSync(path.join(ROOT, 'docs/slos.md'), 'utf8')

/** The text under `### \`type\`` up to the next heading. */
function section(type: string): string | undefined {
  const start = scenarios.indexOf(`### \`${type}\``)
  if (start < 0) return undefined
  const rest = scenarios.slice(start + 4)
  const end = rest.search(/^#{2,3} /m)
  return end < 0 ? rest : rest.slice(0, end)
}

describe('docs/scenarios.md', () => {
  it.each(Object.entries(SCENARIO_TYPES))(
    'documents %s and each of its parameters',
    (type, params) => {
      const text = section(type)
      expect([type, text === undefined ? 'no section' : 'section']).toEqual([type, 'section'])
      const missing = params.filter(param => !text!.includes(`\`${param}\``))
      expect([type, missing]).toEqual([type, []])
    }
  )

  it('lists every registered toxic with each of its parameters and their defaults', () => {
    const text = section('tcp_fault')!
    const rows = toxicPlugins().flatMap(toxic =>
      Object.values(toxic.attributes).map(spec => ({ toxic: toxic.name, ...spec }))
    )
    const missing = rows.filter(
      row =>
        !new RegExp(
          `^\\| \`${row.toxic}\` +\\| \`${row.parameter}\` +\\| ${row.default} +\\|`,
          'm'
        ).test(text)
    )
    expect(missing.map(row => `${row.toxic} ${row.parameter}=${row.default}`)).toEqual([])
  })

  it('documents the parameters every type accepts', () => {
    for (const param of COMMON_PARAMETERS) expect(scenarios).toContain(`\`${param}\``)
  })

  it('documents no type the parser does not know', () => {
    const documented = [...scenarios.matchAll(/^### `([a-z_]+)`/gm)].map(m => m[1])
    expect(documented.filter(type => !(type! in SCENARIO_TYPES))).toEqual([])
  })
})

describe('docs/slos.md', () => {
  it('lists every key, and every metric', () => {
    const keys = [...Object.keys(NUMBER_KEYS), ...Object.keys(EXPRESSION_KEYS)]
    expect(keys.filter(key => !slos.includes(`| \`${key}\``))).toEqual([])
    expect(Object.keys(METRICS).filter(metric => !slos.includes(`| \`${metric}\``))).toEqual([])
  })
})
