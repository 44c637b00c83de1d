/**
 * The toxic registry and what reads it: a scenario's `toxic:` and its parameters are checked against
 * the registered toxics (did-you-mean, ranges, another toxic's parameter), as is the proxy's
 * setToxics list; and the toxics' chunk hooks shape data as Toxiproxy's do.
 */
import { describe, expect, it } from '@jest/globals'

import { buildPlan, type Timing } from '../../../../src/core/experiment/plan.js'
import { passThrough } from '../../../../src/core/proxy/toxic.js'
import {
  activate,
  registerToxic,
  toxicPlugin,
  toxicPlugins
} from '../../../../src/core/proxy/toxics/index.js'
import { seededRandom } from '../../../../src/core/random.js'
import { parseScenarioFile } from '../../../../src/core/scenarios/parse.js'
import { userErrorOf } from '../../../helpers/errors.js'
import { xorBytes } from '../../../helpers/xor-toxic.js'

const TIMING: Timing = {
  baselineMs: 1000,
  sliceMs: 250,
  requiredSlices: 3,
  maxRecoveryMs: 5000,
  cooldownMs: 0
}

/** A plan of one tcp_fault scenario with these parameters (line 6 of s.yml). */
function planOf(parameters: string): ReturnType<typeof buildPlan> {
  const file = parseScenarioFile(
    's.yml',
    `scenarios:
  - name: a
    type: tcp_fault
    intensity: light
    duration: 1
    parameters: ${parameters}
`
  )
  return buildPlan(file.file, file.scenarios, TIMING)
}

describe('a tcp_fault scenario against the toxic registry', () => {
  it('gets a did-you-mean for an unknown toxic name, with the file, line and every choice', () => {
    const error = userErrorOf(() => planOf('{toxic: latncy}'))
    expect(error.message).toMatch(/parameter toxic is 'latncy'. Did you mean 'latency'\?/)
    expect(error.location).toEqual({ file: 's.yml', line: 6 })
    expect(error.fix).toBe(
      `Use one of: ${toxicPlugins()
        .map(t => t.name)
        .join(', ')}, down.`
    )
  })

  it('gets a did-you-mean for a parameter name without its unit', () => {
    const error = userErrorOf(() => planOf('{toxic: latency, latency: 100}'))
    expect(error.message).toMatch(/unknown key 'latency'. Did you mean 'latency_ms'\?/)
  })

  it("refuses another toxic's parameter, naming the toxic it is for and the ones this one takes", () => {
    const error = userErrorOf(() => planOf('{toxic: latency, delay_ms: 100}'))
    expect(error.message).toMatch(/parameter delay_ms is for the slow_close toxic, not latency/)
    expect(error.fix).toBe('The latency toxic takes latency_ms, jitter_ms.')
  })

  it("reads each attribute from its parameter, with the toxic's default and range", () => {
    const [item] = planOf('{toxic: slicer, slice_delay_us: 500}').items
    expect(item!.fault).toBe(
      'slicer toxic (average_size=64, size_variation=0, delay=500) on downstream of the target (proxy)'
    )
    expect(userErrorOf(() => planOf('{toxic: latency, latency_ms: 70000}')).message).toMatch(
      /latency_ms must be a number from 0 to 60000, got 70000/
    )
  })

  it('knows a toxic registered later, and forgets it after its undo', () => {
    const undo = registerToxic(xorBytes)
    try {
      expect(planOf('{toxic: xor_bytes, xor_mask: 1}').items[0]!.fault).toBe(
        'xor_bytes toxic (mask=1) on downstream of the target (proxy)'
      )
    } finally {
      undo()
    }
    expect(userErrorOf(() => planOf('{toxic: xor_bytes}')).message).toMatch(/toxic is 'xor_bytes'/)
    expect(userErrorOf(() => planOf('{toxic: latency, xor_mask: 1}')).message).toMatch(
      /unknown key 'xor_mask'/
    )
  })
})

describe('registerToxic', () => {
  it("refuses a name already taken, and a parameter that is tcp_fault's own", () => {
    expect(() => registerToxic({ ...xorBytes, name: 'latency' })).toThrow(/already registered/)
    expect(() => registerToxic({ ...xorBytes, name: 'down' })).toThrow(/already registered/)
    const stream = { parameter: 'stream', default: 0, meaning: 'x' }
    expect(() => registerToxic({ ...xorBytes, attributes: { mask: stream } })).toThrow(
      /stream is a parameter of tcp_fault itself/
    )
    expect(toxicPlugin('xor_bytes')).toBeUndefined()
  })
})

describe('activate (the check of setToxics)', () => {
  it('fills defaults and names every problem of a toxic at once', () => {
    expect(activate({ type: 'latency', latency: 5 }).attributes).toEqual({ latency: 5, jitter: 0 })
    expect(() => activate({ type: 'latency', latency: -1, jiter: 2 })).toThrow(
      "toxic 'latency_downstream' (latency): latency must be a number from 0 to 60000; it has no attribute 'jiter'. Did you mean 'jitter'?"
    )
  })
})

describe('the chunk hooks', () => {
  const context = { random: seededRandom(1), bytes: 0 }
  const data = Buffer.from('0123456789')

  it('limit_data passes the room left and closes after it, or closes at once with none', () => {
    const limit = toxicPlugin('limit_data')!
    const cut = limit.chunk!(passThrough(data), { bytes: 4 }, context)
    expect([cut.data.toString(), cut.close]).toEqual(['0123', true])
    const none = limit.chunk!(passThrough(data), { bytes: 4 }, { ...context, bytes: 4 })
    expect([none.data.length, none.close]).toEqual([0, true])
    expect(limit.chunk!(passThrough(data), { bytes: 11 }, context).close).toBe(false)
  })

  it("bandwidth keeps a slicer's slices, and latency and loss add up their delays", () => {
    const slicer = toxicPlugin('slicer')!
    const bandwidth = toxicPlugin('bandwidth')!
    const sliced = slicer.chunk!(
      passThrough(data),
      { average_size: 3, size_variation: 0, delay: 2000 },
      context
    )
    const both = bandwidth.chunk!(sliced, { rate: 1 }, context)
    expect([both.slices, both.rate, both.gap_ms]).toEqual([[3, 3, 3, 1], 1, 2])
    const late = toxicPlugin('latency')!.chunk!(
      { ...passThrough(data), delay_ms: 10 },
      { latency: 5, jitter: 0 },
      context
    )
    const lost = toxicPlugin('loss')!.chunk!(late, { percent: 100, rto: 1 }, context)
    expect(lost.delay_ms).toBe(15 + (1 + 2 + 4 + 8 + 16 + 32 + 64 + 128))
  })
})
