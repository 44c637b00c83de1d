/** actions/health through the bundled dist/health/index.js, run as the runner runs it. */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

import { afterEach, describe, expect, it } from '@jest/globals'

import { parseResults } from '../../src/core/results/codec.js'
import { type ActionRun, runAction } from '../helpers/action-runner.js'
import { closedPort, scriptedServer, silentServer, type TestServer } from '../helpers/servers.js'

const servers: TestServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map(server => server.close()))
})
async function serve(server: Promise<TestServer>): Promise<TestServer> {
  servers.push(await server)
  return servers[servers.length - 1]!
}

const fast = {
  'interval-seconds': '0.02',
  'max-interval-seconds': '0.1',
  'request-timeout-seconds': '1',
  'timeout-seconds': '5'
}
const health = (
  inputs: Record<string, string>,
  extra: Parameters<typeof runAction>[1] = {}
): Promise<ActionRun> => runAction('health', { ...extra, inputs: { ...fast, ...inputs } })

function errorText(run: ActionRun): string {
  return run.annotations
    .filter(a => a.level === 'error')
    .map(a => a.message)
    .join('\n')
}

describe('actions/health (bundled)', () => {
  it('reports a healthy service in outputs, a results file and the job summary', async () => {
    const server = await serve(
      scriptedServer([{ status: 503 }, { status: 200, body: { status: 'healthy' } }])
    )
    const run = await health({ url: `${server.url}/api/health`, body: '{"status": "healthy"}' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({
      healthy: 'true',
      attempts: '4',
      endpoint: `${server.url}/api/health`,
      'last-status': '200',
      'last-error': ''
    })
    expect(Number(run.outputs['elapsed-ms'])).toBeGreaterThan(0)
    const file = path.join(run.workspace, run.outputs['results-file']!)
    expect(run.outputs['results-file']).toBe('chaos-results/health-chaos-__chaos-ci_health.json')
    const results = parseResults<{ healthy: boolean; attempts: number }>(
      file,
      readFileSync(file, 'utf8'),
      'health'
    )
    expect(results.payload).toMatchObject({ healthy: true, attempts: 4 })
    expect(results.run).toMatchObject({
      repo: 'octo-org/demo-service',
      run_id: '4242',
      job: 'chaos',
      event: 'push'
    })
    expect(run.summary).toMatch(/✅ chaos-ci health: healthy: 1 endpoint\(s\)/)
    expect(run.annotations.filter(a => a.level === 'error')).toEqual([])
  })

  it('fails on a flapping service and says how far it got', async () => {
    const server = await serve(scriptedServer(hit => ({ status: hit % 2 ? 500 : 200 })))
    const run = await health({ url: server.url, 'timeout-seconds': '0.5' })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.healthy).toBe('false')
    expect(errorText(run)).toMatch(/not healthy: 1 of 1 endpoint\(s\) down/)
    expect(errorText(run)).toMatch(/[01]\/3 successes in a row/)
    expect(run.summary).toMatch(/❌/)
  })

  it('fails on the wrong JSON body and shows what came back', async () => {
    const server = await serve(scriptedServer([{ status: 200, body: { healthy: false } }]))
    const run = await health({
      url: server.url,
      'timeout-seconds': '0.2',
      body: '{"healthy": true}'
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['last-error']).toMatch(
      /body \{"healthy":false\} does not match \{"healthy":true\}/
    )
  })

  it('names connection refused', async () => {
    const port = await closedPort()
    const run = await health({ url: `http://127.0.0.1:${port}/health`, 'timeout-seconds': '0.2' })
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({
      healthy: 'false',
      'last-error': 'connection refused',
      'last-status': ''
    })
    expect(errorText(run)).toContain(
      `http://127.0.0.1:${port}/health: not healthy — last: connection refused`
    )
  })

  it('ends a hung request at request-timeout-seconds', async () => {
    const server = await serve(silentServer())
    const run = await health({
      url: server.url,
      'timeout-seconds': '0.3',
      'request-timeout-seconds': '0.25'
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['last-error']).toBe('no response within 250 ms')
  })

  it('names the endpoint that stays down among several', async () => {
    const up = await serve(scriptedServer([{ status: 200 }]))
    const down = await serve(scriptedServer([{ status: 503 }]))
    // long enough for the up endpoint's 3 probes on a busy machine; the down one never gets healthy
    const run = await health({ url: `${up.url}/live\n${down.url}/ready`, 'timeout-seconds': '3' })
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({
      endpoint: `${down.url}/ready`,
      'last-status': '503',
      'last-error': 'HTTP 503 (expected 200-299)'
    })
    expect(errorText(run)).toContain(`${up.url}/live: healthy after 3 probe(s)`)
  })

  it('only warns when fail-on-unhealthy is false', async () => {
    const port = await closedPort()
    const run = await health({
      url: `http://127.0.0.1:${port}`,
      'timeout-seconds': '0',
      'fail-on-unhealthy': 'false'
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.healthy).toBe('false')
    expect(run.annotations.map(a => a.level)).toEqual(['warning'])
  })

  it('stops waiting when the job is cancelled (SIGTERM), still writing its results', async () => {
    const server = await serve(silentServer())
    const run = await health(
      { url: server.url, 'timeout-seconds': '60', 'request-timeout-seconds': '0.2' },
      // once it probes: its cancel handler is set before the Probes group opens
      { signal: { name: 'SIGTERM', when: stdout => stdout.includes('::group::Probes') } }
    )
    expect(run.exitCode).toBe(1)
    expect(run.durationMs).toBeLessThan(20_000)
    expect(errorText(run)).toMatch(/^Service cancelled: 1 of 1 endpoint\(s\) not yet healthy/)
    const results = JSON.parse(
      readFileSync(path.join(run.workspace, run.outputs['results-file']!), 'utf8')
    ) as { payload: { cancelled: boolean; healthy: boolean } }
    expect(results.payload).toMatchObject({ cancelled: true, healthy: false })
  })

  it('masks a password in the URL and keeps it out of the results file', async () => {
    let authorization = ''
    const server = await serve(
      scriptedServer(
        () => ({ status: 200 }),
        0,
        req => (authorization = req.headers.authorization ?? '')
      )
    )
    const url = server.url.replace('http://', 'http://probe:s3cr%21t@')
    const run = await health({ url, 'required-successes': '1' })
    expect(run.exitCode).toBe(0)
    expect(authorization).toBe(`Basic ${Buffer.from('probe:s3cr!t').toString('base64')}`)
    expect(run.stdout).toContain('::add-mask::s3cr!t')
    expect(run.outputs.endpoint).toBe(server.url.replace('http://', 'http://probe:***@') + '/')
    const results = readFileSync(path.join(run.workspace, run.outputs['results-file']!), 'utf8')
    expect(results).not.toContain('s3cr')
  })

  it('works given only INPUT_URL, as a bare `node dist/health/index.js` would be', async () => {
    const server = await serve(scriptedServer([{ status: 200 }]))
    const run = await runAction('health', { noDefaults: true, inputs: { url: server.url } })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.healthy).toBe('true')
    expect(server.hits()).toBe(3)
  })

  it.each([
    [
      'a malformed URL',
      { url: 'localhost:8000/api/health' },
      /input 'url': 'localhost:8000\/api\/health' is not an absolute http\(s\) URL\.\nFix: /
    ],
    [
      'a negative timeout',
      { url: 'http://127.0.0.1:1', 'timeout-seconds': '-1' },
      /input 'timeout-seconds': '-1' is not a number from 0 to 86400\.\nFix: /
    ],
    [
      'an unparsable status range',
      { url: 'http://127.0.0.1:1', 'expected-status': '200-2xx' },
      /input 'expected-status': cannot read '200-2xx' as an HTTP status\.\nFix: /
    ],
    [
      'a non-boolean switch',
      { url: 'http://127.0.0.1:1', 'fail-on-unhealthy': 'yes' },
      /input 'fail-on-unhealthy': 'yes' is not a boolean/
    ]
  ])(
    'rejects %s with a clear error, exit 1, no stack trace and no request',
    async (_name, inputs, message) => {
      const run = await health(inputs)
      expect(run.exitCode).toBe(1)
      expect(errorText(run)).toMatch(message)
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/)
      expect(run.outputs).toEqual({})
      expect(existsSync(path.join(run.workspace, 'chaos-results'))).toBe(false)
    }
  )
})
