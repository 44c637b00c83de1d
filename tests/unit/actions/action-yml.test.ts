/** Every actions/<name>/action.yml and its code agree on inputs, outputs and defaults. */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'
import * as yaml from 'js-yaml'

import { HEAL_DEFAULTS } from '../../../src/core/heal/options.js'
import { HEALTH_DEFAULTS } from '../../../src/core/health/options.js'
import { loadActionYml, ROOT } from '../../helpers/action-runner.js'

const actions = readdirSync(path.join(ROOT, 'actions')).sort()
interface Runs {
  using: string
  steps?: Array<{ run?: string; env?: Record<string, string>; if?: string }>
}
const runsOf = (name: string): Runs =>
  (
    yaml.load(readFileSync(path.join(ROOT, 'actions', name, 'action.yml'), 'utf8')) as {
      runs: Runs
    }
  ).runs
const composites = actions.filter(name => runsOf(name).using === 'composite')
const nodeActions = actions.filter(name => !composites.includes(name))

describe.each(composites)('actions/%s/action.yml (composite)', name => {
  it('uses every input it declares, and describes each input and output', async () => {
    const yml = await loadActionYml(name)
    const steps = JSON.stringify(runsOf(name).steps)
    for (const input of Object.keys(yml.inputs ?? {})) expect(steps).toContain(`inputs.${input}`)
    for (const spec of [...Object.values(yml.inputs ?? {}), ...Object.values(yml.outputs ?? {})])
      expect(spec.description.length).toBeGreaterThan(10)
  })
})

// The root action.yml is the pipeline's (src/actions/pipeline); the harness loads it as './'.
const nodeActionFiles: Array<[string, string]> = [
  ...nodeActions.map((name): [string, string] => [name, name]),
  ['pipeline', './']
]

describe.each(nodeActionFiles)('the %s action.yml', (name, dir) => {
  it('declares exactly the inputs and outputs the code reads and writes', async () => {
    const names = (await import(`../../../src/actions/${name}/names.js`)) as {
      INPUTS: Record<string, string>
      OUTPUTS: Record<string, string>
    }
    const yml = await loadActionYml(dir)
    expect(Object.keys(yml.inputs ?? {}).sort()).toEqual(Object.values(names.INPUTS).sort())
    expect(Object.keys(yml.outputs ?? {}).sort()).toEqual(Object.values(names.OUTPUTS).sort())
  })

  it('describes every input and output', async () => {
    const yml = await loadActionYml(dir)
    for (const spec of [...Object.values(yml.inputs ?? {}), ...Object.values(yml.outputs ?? {})])
      expect(spec.description.length).toBeGreaterThan(10)
    expect(yml.runs.using).toBe('node24')
  })
})

describe('documented defaults equal the ones the code applies', () => {
  it.each([
    [
      'health',
      HEALTH_DEFAULTS,
      {
        expectedStatus: 'expected-status',
        requiredSuccesses: 'required-successes',
        timeoutSeconds: 'timeout-seconds',
        intervalSeconds: 'interval-seconds',
        maxIntervalSeconds: 'max-interval-seconds',
        requestTimeoutSeconds: 'request-timeout-seconds'
      }
    ],
    [
      'heal',
      HEAL_DEFAULTS,
      {
        shell: 'shell',
        maxAttempts: 'max-attempts',
        retryDelay: 'retry-delay',
        maxDelay: 'max-delay',
        timeoutSeconds: 'timeout-seconds',
        totalTimeoutSeconds: 'total-timeout-seconds',
        healthTimeoutSeconds: 'health-timeout-seconds',
        cooldownSeconds: 'cooldown-seconds',
        onUnknown: 'on-unknown'
      }
    ]
  ] as const)('for actions/%s', async (name, defaults, inputs) => {
    const yml = await loadActionYml(name)
    for (const [key, input] of Object.entries(inputs)) {
      expect([name, input, yml.inputs?.[input]?.default]).toEqual([
        name,
        input,
        String(defaults[key as keyof typeof defaults])
      ])
    }
  })
})
