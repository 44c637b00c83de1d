/** Load and faults go to this machine only, unless allow-remote-target says otherwise. */
import { describe, expect, it } from '@jest/globals'

import { UserError } from '../../../../src/core/errors.js'
import { parseInjectOptions } from '../../../../src/core/experiment/options.js'
import { isLoopbackHost } from '../../../../src/core/net/loopback.js'
import { HttpFaultProxy } from '../../../../src/core/proxy/http-proxy.js'
import { TcpProxy } from '../../../../src/core/proxy/tcp-proxy.js'
import { TrafficGenerator } from '../../../../src/core/traffic/generator.js'

const clock = { now: () => 0 }

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['api.localhost', true],
    ['[::1]', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.5', false],
    ['128.0.0.1', false],
    ['0.0.0.0', false],
    ['::ffff:10.0.0.1', false],
    ['example.com', false],
    ['localhost.example.com', false],
    ['api', false]
  ])('%s → %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback)
  })
})

describe('a remote target', () => {
  it('is refused by the inject options, naming the input and the way out', () => {
    let error: unknown
    try {
      parseInjectOptions({ targetUrl: 'http://staging.example.com:8000' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).location.input).toBe('target-url')
    expect((error as UserError).fix).toMatch(/allow-remote-target: true/)
    const allowed = parseInjectOptions({
      targetUrl: 'http://staging.example.com:8000',
      allowRemoteTarget: 'true'
    })
    expect(allowed.targetUrl?.hostname).toBe('staging.example.com')
    expect(allowed.allowRemoteTarget).toBe(true)
  })

  it('is refused by the traffic generator and both proxies unless allowed', () => {
    const traffic = (allowRemote?: boolean) =>
      new TrafficGenerator(
        {
          url: new URL('http://192.0.2.1:80'),
          requests: [{ method: 'GET', path: '/' }],
          rate: 1,
          timeoutMs: 100,
          sliceMs: 100,
          ...(allowRemote ? { allowRemote } : {})
        },
        clock
      )
    expect(() => traffic()).toThrow(/192\.0\.2\.1 is not on this machine/)
    expect(() => traffic(true)).not.toThrow()
    const listen = { host: '127.0.0.1', port: 0 }
    const upstream = { host: '192.0.2.1', port: 80 }
    expect(() => new TcpProxy({ listen, upstream })).toThrow(UserError)
    expect(() => new HttpFaultProxy({ listen, upstream })).toThrow(UserError)
    expect(() => new TcpProxy({ listen, upstream, allowRemoteUpstream: true })).not.toThrow()
    expect(
      () => new HttpFaultProxy({ listen, upstream: { host: '127.0.0.1', port: 80 } })
    ).not.toThrow()
  })
})
