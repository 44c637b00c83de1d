/** http_fault's efficacy check with a stand-in proxy: what the proxy proves and the client saw. */
import { describe, expect, it } from '@jest/globals'

import { httpFault } from '../../../../src/core/faults/http-fault.js'
import type { HttpFault } from '../../../../src/core/proxy/http-proxy.js'
import type { PhaseSummary } from '../../../../src/core/traffic/phase.js'

function efficacy(fault: HttpFault, journal: { requests: number; hits: number }, failed: number) {
  const target = {
    http: { journal, setFault: () => undefined },
    rollback: { register: () => undefined },
    seed: 1
  }
  const active = httpFault.apply(fault, target as never) as unknown as {
    efficacy: (observed: { baseline: PhaseSummary; inject: PhaseSummary }) => {
      landed: boolean | null
    }
  }
  const phase = (requests: number, ok: number) =>
    ({ requests, ok, latency_ms: { mean: 1 } }) as unknown as PhaseSummary
  return active.efficacy({ baseline: phase(50, 50), inject: phase(50, 50 - failed) }).landed
}

describe('http_fault efficacy', () => {
  const abort = { status: 500 }

  it('counts a fail_first burst as landed when the proxy made it and the fault phase saw one', () => {
    // on a busy runner four of the five went to requests sent in the gap before the fault
    expect(efficacy({ first: 5, abort }, { requests: 60, hits: 5 }, 1)).toBe(true)
  })

  it('does not when the fault phase saw none of the burst', () => {
    expect(efficacy({ first: 5, abort }, { requests: 60, hits: 5 }, 0)).toBe(false)
  })

  it('still wants half of the failures seen for a rate that lasts the whole fault', () => {
    expect(efficacy({ rate: 0.2, abort }, { requests: 100, hits: 20 }, 4)).toBe(false)
    expect(efficacy({ rate: 0.2, abort }, { requests: 100, hits: 20 }, 12)).toBe(true)
  })
})
