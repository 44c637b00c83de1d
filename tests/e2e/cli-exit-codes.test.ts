/**
 * The CLI's exit codes (src/core/exit-codes.ts, README "Exit codes"), through the bundled CLI as a
 * child process: 0 passed, 1 failed for another reason, 2 bad input, 70 chaos-ci itself failed, 99
 * the service failed its SLOs — so a script can tell the service's failure from its own mistakes
 * and from chaos-ci's.
 */
import { spawn } from 'node:child_process'
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import { EXIT, injectExit, validateExit } from '../../src/core/exit-codes.js'
import type { ValidatePayload } from '../../src/core/validate/payload.js'
import { ROOT } from '../helpers/action-runner.js'
import { validatePayload } from '../helpers/comment-results.js'
import { injectPayload, scenario } from '../helpers/inject-results.js'
import { resultsFile } from '../helpers/results.js'

interface CliRun {
  code: number | null
  stderr: string
}

function cli(args: string[], cwd: string, entry = path.join(ROOT, 'dist/cli/index.js')) {
  return new Promise<CliRun>((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe']
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', code => resolve({ code, stderr }))
  })
}

/** A workspace whose results folder holds one inject file with these scenarios. */
async function workspace(...scenarios: ReturnType<typeof scenario>[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-exit-'))
  await resultsFile(path.join(dir, 'results'), 'inject', injectPayload(scenarios))
  return dir
}

const slow = (name: string, ms: number) =>
  scenario({
    name,
    baseline: { latencies: { ms: 5, requests: 200 } },
    inject: { latencies: { ms, requests: 200 } },
    recovery: { latencies: { ms: 5, requests: 100 } },
    recoverySeconds: 1
  })

const P95 = ['--slos', "http_req_duration: ['p(95)<300']"]

describe('chaos-ci exit codes (bundled CLI)', () => {
  it('exits 0 when the SLOs hold, and 99 when the service fails one', async () => {
    const within = await workspace(slow('fast', 50))
    expect((await cli(['validate', '--results', 'results', ...P95], within)).code).toBe(EXIT.ok)
    const over = await workspace(slow('fast', 50), slow('slow', 900))
    const run = await cli(['validate', '--results', 'results', ...P95], over)
    expect(run.code).toBe(99)
    expect(run.stderr).toMatch(/chaos-ci validate: FAILED/)
  })

  it('exits 1, not 99, when validate fails without a failed SLO (an invalid scenario)', async () => {
    const dir = await workspace(scenario({ name: 'no fault', status: 'invalid', reason: 'no' }))
    const run = await cli(['validate', '--results', 'results', ...P95], dir)
    expect(run.code).toBe(EXIT.failed)
  })

  it('exits 2 on bad input: an unknown option, a bad threshold, a missing file', async () => {
    const dir = await workspace(slow('fast', 50))
    expect((await cli(['validate', '--no-such-option'], dir)).code).toBe(2)
    const threshold = await cli(
      ['validate', '--results', 'results', '--slos', "http_req_duration: ['p95 < 300']"],
      dir
    )
    expect(threshold.code).toBe(2)
    expect(threshold.stderr).not.toMatch(/chaos-ci's own failure/)
    expect((await cli(['validate', '--results', 'nowhere'], dir)).code).toBe(2)
  })

  it('exits 70 when chaos-ci itself is broken (its sql.js wasm is missing), and says so', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-exit-'))
    await cp(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true })
    await rm(path.join(dir, 'dist/lib/sql-wasm.wasm'))
    // a database that exists, so report gets as far as loading sql.js (a missing one is exit 2 first)
    await writeFile(path.join(dir, 'h.db'), '')
    const run = await cli(['report', '--db', 'h.db'], dir, path.join(dir, 'dist/cli/index.js'))
    expect(run.code).toBe(70)
    expect(run.stderr).toMatch(/chaos-ci's own failure \(exit 70\)/)
    expect(run.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('which code a failed run gets', () => {
  it('gives inject 99 for a service that did not recover, 70 for its own error, else 1', () => {
    const of = (...statuses: Parameters<typeof scenario>[0]['status'][]) =>
      injectExit(injectPayload(statuses.map((status, i) => scenario({ name: `s${i}`, status }))))
    expect(of('passed', 'failed')).toBe(99)
    // Not healthy before the fault: nothing was tested, so no SLO failed.
    expect(of('steady-state-not-met')).toBe(1)
    expect(of('error', 'invalid')).toBe(70)
    expect(of('invalid', 'aborted')).toBe(1)
  })

  it('gives validate 99 only for a failed SLO or a blocking regression', () => {
    const payload = validatePayload(1) as unknown as ValidatePayload
    expect(validateExit(payload)).toBe(0)
    payload.passed = false
    expect(validateExit(payload)).toBe(1)
    payload.summary.regressions = 1
    expect(validateExit(payload)).toBe(1)
    payload.policy.fail_on_regression = true
    expect(validateExit(payload)).toBe(99)
  })
})
