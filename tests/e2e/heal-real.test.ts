/**
 * Healing on real failures, through the bundled CLI and action: a test failure with incidental network
 * noise is not retried, curl against a service answering 502 twice heals, and real corpus cases
 * replayed through dist/heal/index.js end as their right answer says.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterEach, describe, expect, it } from '@jest/globals'

import { loadCases, runCases } from '../../bench/heal-real/run.mjs'
import type { HealJournal } from '../../src/core/heal/journal.js'
import { ROOT } from '../helpers/action-runner.js'
import { scriptedServer, type TestServer } from '../helpers/servers.js'

interface Healed {
  code: number | null
  stderr: string
  journal: HealJournal
}

async function heal(args: string[]): Promise<Healed> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'heal-real-cli-'))
  const results = path.join(dir, 'results')
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(
        process.execPath,
        [path.join(ROOT, 'dist/cli/index.js'), 'heal', '--results-dir', results, ...args],
        { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] }
      )
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      child.on('error', reject)
      child.on('close', code => resolve({ code, stderr }))
    }
  )
  const [file] = await readdir(results)
  const journal = (
    JSON.parse(await readFile(path.join(results, file!), 'utf8')) as { payload: HealJournal }
  ).payload
  return { code, stderr, journal }
}

const servers: TestServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map(server => server.close()))
})

describe('chaos-ci heal on the failures the issue names', () => {
  it('calls an AssertionError with one ECONNRESET line a test failure and does not retry it', async () => {
    const run = await heal([
      '--',
      'sh',
      '-c',
      'echo "AssertionError: expected 1"; echo "Error: read ECONNRESET"; exit 1'
    ])
    expect(run.code).toBe(1)
    expect(run.journal.outcome).toBe('failed')
    expect(run.journal.attempts).toHaveLength(1)
    expect(run.journal.attempts[0]).toMatchObject({
      category: 'test',
      rule: 'test-failure',
      matched_line: 'AssertionError: expected 1',
      runner_up: { rule: 'connection-reset', category: 'network', line_number: 2 }
    })
    expect(run.journal.attempts[0]!.why).toMatch(/over 'connection-reset'/)
  })

  it('heals curl -fsS against a service that answers 502 twice and then 200', async () => {
    const server = await scriptedServer([
      { status: 502, body: 'bad gateway' },
      { status: 502, body: 'bad gateway' },
      { status: 200, body: { ok: true } }
    ])
    servers.push(server)
    const run = await heal([
      '--retry-delay',
      '0.05',
      '--max-delay',
      '0.1',
      '--',
      'curl',
      '-fsS',
      server.url
    ])
    expect(run.code).toBe(0)
    expect(run.journal.outcome).toBe('flaky-pass')
    expect(run.journal.attempts.map(a => a.category)).toEqual([
      'health_check',
      'health_check',
      null
    ])
    expect(run.journal.attempts[0]).toMatchObject({
      rule: 'service-5xx',
      matched_line: 'curl: (22) The requested URL returned error: 502'
    })
  })
})

describe('real corpus cases through dist/heal/index.js', () => {
  it('retries the transient ones into green and leaves the deterministic ones red after one attempt', async () => {
    // real cases of the tune split: npm rate-limited, a Maven connection reset, an apt lock held,
    // a pytest assertion, a go.sum entry missing, helm without a cluster
    const tune = loadCases('tune')
    const sample = [
      'npm-e504-gateway-timeout-1302',
      'maven-connreset-plugin-resolution-snowflake-ingest-502',
      'apt-dpkg-lock-buildkite-solana-8',
      'pytest-failed-assertion-summary-pytest-mpl-225',
      'go-missing-go-sum-xcaddy-46',
      'helm-cluster-unreachable-localhost-graphrag-81'
    ].map(id => tune.find(c => c.id === id)!)
    const results = await runCases(sample)
    expect(results.map(r => [r.spec.id, r.right])).toEqual(sample.map(c => [c.id, true]))
    for (const r of results) {
      expect(r.retried).toBe(r.spec.transient)
      expect(r.green).toBe(r.spec.transient)
      expect(r.exitCode).toBe(r.spec.transient ? 0 : r.spec.exit_code)
    }
  }, 60_000)
})
