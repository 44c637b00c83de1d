import { describe, expect, it } from '@jest/globals'

import { UserError } from '../../../../src/core/errors.js'
import { prepareInject } from '../../../../src/core/experiment/inject.js'
import { parseInjectOptions } from '../../../../src/core/experiment/options.js'
import { parseRequestLine, parseRequests } from '../../../../src/core/traffic/requests.js'
import { userErrorOf } from '../../../helpers/errors.js'

describe('parseInjectOptions', () => {
  it('fills in the defaults', () => {
    const options = parseInjectOptions({ targetUrl: 'http://127.0.0.1:8000/' })
    expect(options).toMatchObject({
      config: 'deploy/chaos_scenarios.yml',
      configGiven: false,
      scenarios: [],
      dryRun: false,
      rate: 50,
      requestTimeoutMs: 2000,
      baselineMs: 5000,
      sliceMs: 250,
      resultsDir: 'chaos-results',
      failOnFailure: true,
      allowDestructive: false,
      maxAttempts: 1
    })
    expect(options.seed).toBeUndefined()
    expect(options.cooldownMs).toBeUndefined()
  })

  it('splits scenario names on commas and new lines', () => {
    const options = parseInjectOptions({
      targetUrl: 'http://127.0.0.1:1',
      scenario: 'Network*, Packet Loss - Light\nother'
    })
    expect(options.scenarios).toEqual(['Network*', 'Packet Loss - Light', 'other'])
  })

  it.each([
    [{}, 'target-url', /no target-url/],
    [{ targetUrl: 'localhost:8000' }, 'target-url', /not an absolute http:\/\/ URL/],
    [{ targetUrl: 'https://example.com' }, 'target-url', /not an absolute http:\/\/ URL/],
    [{ targetUrl: 'http://10.0.0.5:8000' }, 'target-url', /is not on this machine/],
    [{ targetUrl: 'http://api:8000' }, 'target-url', /loopback targets only/],
    [{ targetUrl: 'http://localhost', intensity: 'hevy' }, 'intensity', /Did you mean 'heavy'/],
    [{ targetUrl: 'http://localhost', rate: '0' }, 'rate', /is not/],
    [{ targetUrl: 'http://localhost', seed: '-1' }, 'seed', /is not/],
    [{ targetUrl: 'http://localhost', healthPath: 'health' }, 'health-path', /not a path/],
    [{ targetUrl: 'http://localhost', rollbackCommand: 'x' }, 'rollback-command', /command is not/],
    [{ targetUrl: 'http://localhost', requests: 'FETCH /x' }, 'requests', /not a request line/]
  ])('rejects %j naming %s', (raw, input, message) => {
    const error = userErrorOf(() => parseInjectOptions(raw))
    expect(error.location.input).toBe(input)
    expect(error.message).toMatch(message)
  })

  it('needs no target for a dry run', () => {
    expect(parseInjectOptions({ dryRun: 'true' }).targetUrl).toBeUndefined()
  })
})

describe('parseRequestLine', () => {
  it('reads METHOD /path [body]', () => {
    expect(parseRequestLine('/health', 'requests')).toEqual({ method: 'GET', path: '/health' })
    expect(parseRequestLine('post /orders {"id": 1}', 'requests')).toEqual({
      method: 'POST',
      path: '/orders',
      body: '{"id": 1}',
      headers: { 'content-type': 'application/json' }
    })
  })
})

describe('parseRequests', () => {
  it('reads request lines, skipping blanks and comments', () => {
    expect(parseRequests('GET /a\n\n# a comment\nHEAD /b', 'requests')).toEqual([
      { method: 'GET', path: '/a' },
      { method: 'HEAD', path: '/b' }
    ])
  })

  it('reads a YAML list with headers and a JSON body', () => {
    expect(
      parseRequests(
        '- path: /orders\n  method: post\n  body: {"id": 1}\n  headers: {authorization: Bearer t}\n- {path: /health}',
        'requests'
      )
    ).toEqual([
      {
        method: 'POST',
        path: '/orders',
        body: '{"id":1}',
        headers: { 'content-type': 'application/json', authorization: 'Bearer t' }
      },
      { method: 'GET', path: '/health' }
    ])
  })

  it('names the line of a bad entry, with a did-you-mean for a misspelled key', () => {
    const error = userErrorOf(() => parseRequests('- {path: /a}\n- {pth: /b}', 'requests'))
    expect(error.location).toMatchObject({ file: "input 'requests'", line: 2 })
    expect(error.message).toMatch(/Did you mean 'path'/)
    expect(userErrorOf(() => parseRequests('- {path: a}', 'requests')).message).toMatch(
      /is not a request/
    )
  })
})

describe('prepareInject and the safety section', () => {
  const read = (text: string) => () => Promise.resolve(text)

  it('refuses auto_rollback: false, naming the file', async () => {
    const options = parseInjectOptions({ config: 'deploy/chaos.yml', dryRun: 'true' })
    const error = await prepareInject(options, {
      read: read('safety:\n  auto_rollback: false\nscenarios: []\n')
    }).catch((caught: unknown) => caught as UserError)
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).message).toMatch(
      /auto_rollback is false, but chaos-ci always rolls faults back/
    )
    expect((error as UserError).location.file).toBe('deploy/chaos.yml')
  })

  it('holds back require_confirmation types unless allow-destructive, and keeps the abort conditions', async () => {
    const text = `safety:
  require_confirmation: [process_kill]
  abort_conditions: {error_rate_percent: 40}
  max_total_duration_seconds: 600
scenarios:
  - {name: kill, type: process_kill, intensity: heavy, duration: 1, parameters: {port: 8000}}
`
    const held = await prepareInject(parseInjectOptions({ config: 'c.yml', dryRun: 'true' }), {
      read: read(text)
    })
    expect(held.payload.plan[0]).toMatchObject({ status: 'skipped' })
    expect(held.payload.safety).toEqual({
      abort: { error_rate_percent: 40 },
      max_total_ms: 600_000
    })
    const allowed = await prepareInject(
      parseInjectOptions({ config: 'c.yml', dryRun: 'true', allowDestructive: 'true' }),
      { read: read(text) }
    )
    expect(allowed.payload.plan[0]).toMatchObject({ status: 'planned' })
  })
})
