/**
 * `http_fault`: faults decided per request by the HTTP-aware proxy, from the run's seed. Abort with
 * a `status` (503 by default, optionally with Retry-After) or add `delay_ms`, for a percentage of
 * requests, for the first N, or for the first X seconds of the fault.
 */
import type { HttpFault } from '../proxy/http-proxy.js'
import { signed } from './network-delay.js'
import { type FaultPlugin, Params } from './plugin.js'

export const httpFault: FaultPlugin<HttpFault> = {
  type: 'http_fault',
  route: 'http',
  settings(scenario, file) {
    const params = new Params(scenario, file)
    const delayMs = params.optionalNumber('delay_ms', 0, 60_000)
    const status = params.optionalNumber('status', 100, 599)
    const rate = params.optionalNumber('error_rate_percent', 0, 100)
    const first = params.optionalNumber('fail_first', 1)
    const forSeconds = params.optionalNumber('fail_for_seconds', 0)
    if (status !== undefined && !Number.isInteger(status))
      params.invalid(
        'status',
        'parameter status must be a whole HTTP status.',
        'Write status: 503.'
      )
    const retryAfter = params.optionalNumber('retry_after_seconds', 0)
    const aborts = status !== undefined || delayMs === undefined
    const path = params.string('path')
    return {
      ...(rate !== undefined ? { rate: rate / 100 } : {}),
      ...(first !== undefined ? { first } : {}),
      ...(forSeconds !== undefined ? { forMs: forSeconds * 1000 } : {}),
      ...(delayMs !== undefined
        ? { delayMs, jitterMs: params.number('jitter_ms', 0, 0, delayMs) }
        : {}),
      ...(aborts
        ? {
            abort: {
              status: status ?? 503,
              ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {})
            }
          }
        : {}),
      ...(path ? { path } : {})
    }
  },
  describe(fault) {
    const what = [
      fault.delayMs
        ? `delay ${fault.delayMs} ms${fault.jitterMs ? ` ± ${fault.jitterMs}` : ''}`
        : '',
      fault.abort
        ? `answer ${fault.abort.status}${fault.abort.retryAfterSeconds !== undefined ? ` with Retry-After ${fault.abort.retryAfterSeconds}` : ''}`
        : ''
    ]
      .filter(Boolean)
      .join(', then ')
    const which = [
      fault.rate !== undefined ? `${fault.rate * 100}% of requests` : 'every request',
      fault.first !== undefined ? `among the first ${fault.first}` : '',
      fault.forMs !== undefined ? `for the first ${fault.forMs / 1000} s` : '',
      fault.path ? `on ${fault.path}` : ''
    ]
      .filter(Boolean)
      .join(' ')
    return `${what}: ${which} (HTTP proxy, seeded per request)`
  },
  apply(fault, target) {
    const proxy = target.http!
    target.rollback.register('clear the HTTP fault', () => proxy.setFault(null))
    proxy.setFault(fault, target.seed)
    return {
      details: {
        rate: fault.rate ?? 1,
        first: fault.first ?? null,
        for_ms: fault.forMs ?? null,
        delay_ms: fault.delayMs ?? null,
        jitter_ms: fault.jitterMs ?? null,
        abort: fault.abort
          ? {
              status: fault.abort.status,
              retry_after_seconds: fault.abort.retryAfterSeconds ?? null
            }
          : null,
        path: fault.path ?? null,
        seed: target.seed
      },
      efficacy: ({ baseline, inject }) => {
        const journal = proxy.journal
        if (journal.requests === 0)
          return {
            landed: false,
            detail: `no request reached the fault${fault.path ? ` (path ${fault.path} matched none)` : ''}`
          }
        const candidates = Math.min(journal.requests, fault.first ?? Number.POSITIVE_INFINITY)
        const expected = fault.forMs === undefined ? (fault.rate ?? 1) * candidates : null
        if (fault.abort) {
          const failed = inject.requests - inject.ok
          const detail = `${expected === null ? 'some' : Math.round(expected)} failures expected, ${journal.hits} injected, ${failed} observed`
          if (expected !== null && expected < 3) return { landed: null, detail }
          // fail_first is a burst at the fault's start, where requests sent in the guard gap before
          // it land too (counted in no measured phase): on a busy runner most of the burst can be
          // theirs, so the fault phase need only show one of the failures the proxy proves it made
          const seen = fault.first !== undefined ? 1 : journal.hits * 0.5
          const landed = journal.hits >= (expected === null ? 1 : expected * 0.5) && failed >= seen
          return { landed, detail }
        }
        const rise = inject.latency_ms.mean - baseline.latency_ms.mean
        const added = ((fault.delayMs ?? 0) * journal.hits) / journal.requests
        return {
          landed: journal.hits === 0 ? false : rise >= added * 0.5,
          detail: `mean +${Math.round(added)} ms expected, ${signed(rise)} ms observed`
        }
      }
    }
  }
}
