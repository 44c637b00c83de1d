/** The bundled `chaos-ci` CLI (dist/cli/index.js), run as a user runs it. */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readdir, symlink, writeFile } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

import { afterEach, describe, expect, it } from '@jest/globals'

import type { HealJournal } from '../../src/core/heal/journal.js'
import { loadSqlJs } from '../../src/core/history/sqljs.js'
import { tryConnect } from '../../src/core/proxy/listen.js'
import type { ValidatePayload } from '../../src/core/validate/payload.js'
import { ROOT } from '../helpers/action-runner.js'
import { runCli } from '../helpers/cli.js'
import { healthy, injectPayload } from '../helpers/inject-results.js'
import { HEALTH_PAYLOAD, resultsFile } from '../helpers/results.js'
import { closedPort, scriptedServer, type TestServer } from '../helpers/servers.js'
import { buildWheel } from '../helpers/wheels.js'

interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Runs the bundled CLI, by default in a fresh temp folder: never in the working tree, whose reports/
 * and chaos-results/ belong to `npm run demo` and the user. Tests about this repository pass ROOT.
 */
async function cli(args: string[], cwd?: string, env?: NodeJS.ProcessEnv): Promise<CliRun> {
  cwd ??= await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-cli-cwd-'))
  return runCli(args, cwd, env)
}

const servers: TestServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map(server => server.close()))
})

const fast = ['--interval-seconds', '0.02', '--max-interval-seconds', '0.1']

describe('chaos-ci health (bundled CLI)', () => {
  it('exits 0 and prints the verdict for a healthy service', async () => {
    const server = await scriptedServer([{ status: 200, body: { ready: true } }])
    servers.push(server)
    const run = await cli(['health', '--url', server.url, '--body', '{"ready": true}', ...fast])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^healthy: 1 endpoint\(s\)/)
    expect(run.stderr).toMatch(/round 3: .* → HTTP 200 ok/)
  })

  it('prints JSON and writes a results file only when asked', async () => {
    const port = await closedPort()
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-cli-'))
    const run = await cli(
      [
        'health',
        '--url',
        `http://127.0.0.1:${port}`,
        '--timeout-seconds',
        '0',
        '--format',
        'json',
        '--results-dir',
        'out',
        '--quiet'
      ],
      dir
    )
    expect(run.code).toBe(1)
    // stdout is the results file, byte for byte: its status as the stage set it, and the payload
    expect(JSON.parse(run.stdout)).toMatchObject({
      stage: 'health',
      status: 'failed',
      payload: {
        healthy: false,
        endpoints: [{ last_kind: 'refused', last_error: 'connection refused' }]
      }
    })
    expect(await readdir(path.join(dir, 'out'))).toEqual(['health-local.json'])
    expect(readFileSync(path.join(dir, 'out', 'health-local.json'), 'utf8')).toBe(run.stdout)
    expect(run.stderr).not.toMatch(/round/)
  })

  it('writes nothing to the working directory by default', async () => {
    const port = await closedPort()
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-cli-'))
    await cli(['health', '--url', `http://127.0.0.1:${port}`, '--timeout-seconds', '0'], dir)
    expect(await readdir(dir)).toEqual([])
  })

  it('exits 2 on bad input, naming the option and the fix, without a stack trace', async () => {
    const run = await cli([
      'health',
      '--url',
      'http://127.0.0.1:1',
      '--required-successes',
      'three'
    ])
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      "chaos-ci: option --required-successes: 'three' is not a whole number from 1 to 1000.\nFix: Set required-successes to a whole number from 1 to 1000, or remove it to use the default (3).\n"
    )
  })

  it('exits 2 on an unknown command or a missing option', async () => {
    expect((await cli(['bogus'])).code).toBe(2)
    const missing = await cli(['health'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/^chaos-ci: option --url: no URL was given\.\nFix: /)
  })
})

describe('chaos-ci heal (bundled CLI)', () => {
  it('reports a missing Python module as dependency, with the rule and the line', async () => {
    const run = await cli(['heal', '--', 'python3', '-c', 'import nonexistent_module'])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain("ModuleNotFoundError: No module named 'nonexistent_module'")
    expect(run.stderr).toMatch(
      /chaos-ci heal: failed: dependency — rule 'python-module-not-found', line \d+: ModuleNotFoundError: No module named 'nonexistent_module'/
    )
  })

  it('passes arguments through without a shell, and prints the journal as JSON', async () => {
    const run = await cli(['heal', '--format', 'json', '--', 'printf', '%s', '$HOME;exit 1'])
    expect(run.code).toBe(0)
    expect(run.stdout.startsWith('$HOME;exit 1')).toBe(true)
    const results = JSON.parse(run.stdout.slice('$HOME;exit 1'.length)) as {
      status: string
      payload: { outcome: string; command: string }
    }
    expect(results).toMatchObject({
      status: 'passed',
      payload: { outcome: 'passed', command: 'printf %s "$HOME;exit 1"' }
    })
  })

  it('says what to do about a failure it will not retry, and retries one with --on-unknown retry', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-heal-'))
    const odd = ['heal', '--retry-delay', '0.05', '--shell', 'bash', '--working-directory', dir]
    const script = ['[ -e seen ] || { touch seen; echo "exited oddly"; exit 3; }']
    const stopped = await cli([...odd, '--', ...script])
    expect(stopped.code).toBe(1)
    expect(stopped.stderr).toMatch(
      /chaos-ci heal: failed: unknown — rule 'unknown' \(1 attempt\(s\), [\d.]+ s; no rule matched, the corpus model is not sure what it is, and on-unknown is model\)\nwhat to do: No rule knows this failure: read the excerpt, then add a rule for it in \.chaos-ci\/heal-rules\.yml, or set on-unknown: retry if it is transient\.\n/
    )
    const retried = await cli([
      ...odd,
      '--on-unknown',
      'retry',
      '--',
      ...script.map(s => s.replaceAll('seen', 'seen2'))
    ])
    expect(retried.code).toBe(0)
    expect(retried.stderr).toMatch(
      /chaos-ci heal: flaky pass: passed only after retrying an unknown failure/
    )
    expect(retried.stderr).not.toMatch(/what to do/)
    const bad = await cli(['heal', '--on-unknown', 'maybe', '--', 'true'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--on-unknown.*'maybe' is not a choice for unknown failures/)
  })

  it('neither re-declares a module nor retries when pip installed it where the step does not look', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-heal-'))
    const wheels = path.join(dir, 'wheels')
    buildWheel(wheels, 'acme-sdk', 'acme_sdk')
    // acme-sdk is installed, but only where pip (run with PYTHONPATH=pre) sees it
    spawnSync('python3', [
      '-m',
      'pip',
      'install',
      '-q',
      '--no-index',
      '--find-links',
      wheels,
      '--target',
      path.join(dir, 'pre'),
      'acme-sdk'
    ])
    await writeFile(path.join(dir, 'requirements.txt'), 'flask\nacme-sdk\n')
    await writeFile(
      path.join(dir, 'audit.yml'),
      `package-map: {acme_sdk: acme-sdk}\npip-args: [--no-index, --find-links, ${wheels}]\n`
    )
    const run = await cli(
      [
        'heal',
        '--working-directory',
        dir,
        '--audit-config',
        'audit.yml',
        '--results-dir',
        path.join(dir, 'results'),
        '--shell',
        'bash',
        '--',
        "PYTHONPATH=elsewhere python3 -c 'import acme_sdk'"
      ],
      ROOT,
      { PYTHONPATH: path.join(dir, 'pre') }
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/Requirement already satisfied: acme-sdk/)
    expect(run.stderr).toMatch(
      /chaos-ci heal: failed: dependency — .*\(1 attempt\(s\), [\d.]+ s; the installed acme-sdk is not importable by python3: a retry would fail the same way\)\nwhat to do: Install acme-sdk for the interpreter the step runs \(python3 -m pip install acme-sdk\)/
    )
    const [file] = await readdir(path.join(dir, 'results'))
    const journal = (
      JSON.parse(readFileSync(path.join(dir, 'results', file!), 'utf8')) as { payload: HealJournal }
    ).payload
    expect(journal.attempts).toHaveLength(1)
    expect(journal.attempts[0]!.strategy_detail).toMatch(
      /pip said Requirement already satisfied: acme-sdk is installed for another interpreter than python3$/
    )
    expect(journal.attempts[0]!.dependency_changes.map(c => c.action)).toEqual([
      'already-declared',
      'installed'
    ])
    expect(readFileSync(path.join(dir, 'requirements.txt'), 'utf8')).toBe('flask\nacme-sdk\n')
  })

  it('exits 2 when the program does not exist', async () => {
    const run = await cli(['heal', '--', 'no-such-program-xyz'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /^chaos-ci: cannot run 'no-such-program-xyz': not found on PATH.*\nFix: /m
    )
  })
})

describe('chaos-ci audit (bundled CLI)', () => {
  it('finds no dependency problem in chaos-ci itself', async () => {
    const run = await cli(
      [
        'audit',
        '--config',
        '.chaos-ci/audit.yml',
        '--fail-on',
        'missing,unused,misplaced-dev,stdlib-declared'
      ],
      ROOT
    )
    expect(run.stdout).toMatch(
      /chaos-ci audit: no findings \(\d+ files, \d+ imports, \d+ manifest\(s\)\)/
    )
    expect(run.code).toBe(0)
  })

  it('exits 1 on a failing finding and 2 on a bad option', async () => {
    expect(
      (await cli(['audit', '--working-directory', 'tests/fixtures/audit/py-poetry'], ROOT)).code
    ).toBe(1)
    const bad = await cli(['audit', '--fail-on', 'everything'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^chaos-ci: option --fail-on: unknown finding 'everything'/)
  })
})

describe('chaos-ci record and history (bundled CLI: sql.js loaded from dist/lib)', () => {
  it('records results files into the database, idempotently, and exports them', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-cli-'))
    const port = await closedPort()
    await cli(
      [
        'health',
        '--url',
        `http://127.0.0.1:${port}`,
        '--timeout-seconds',
        '0',
        '--results-dir',
        'results',
        '--quiet'
      ],
      dir
    )
    const first = await cli(['record', 'results'], dir)
    expect(first.code).toBe(0)
    expect(first.stderr).toMatch(
      /results\/health-local\.json: 1 chaos_runs, 1 stage_results, 1 chaos_failures\nhistory: reports\/chaos_history\.db/
    )
    const second = await cli(['record', 'results'], dir)
    expect(second.stderr).toMatch(/nothing new \(already recorded\)/)
    const exported = await cli(['history', 'export', '--format', 'jsonl'], dir)
    const rows = exported.stdout
      .trim()
      .split('\n')
      .map(line => JSON.parse(line) as { table: string })
    expect(rows.map(row => row.table)).toEqual(['chaos_runs', 'stage_results', 'chaos_failures'])
  })

  it('records every file it can read: a results file with a foreign payload costs only itself', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-cli-'))
    await resultsFile(
      path.join(dir, 'results'),
      'health',
      HEALTH_PAYLOAD,
      { GITHUB_RUN_ID: '1' },
      'a'
    )
    // an envelope that validates, around a payload no health step wrote (found by the fuzzer)
    await resultsFile(
      path.join(dir, 'results'),
      'health',
      { healthy: true },
      { GITHUB_RUN_ID: '2' },
      'b'
    )
    const run = await cli(['record', 'results'], dir)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/results\/health-a\.json: 1 chaos_runs, 1 stage_results/)
    expect(run.stderr).toMatch(
      /not recorded: results\/health-b\.json: is a health results file whose payload chaos-ci cannot read \(.+\); nothing of it was recorded\./
    )
    expect(run.stderr).not.toMatch(/\n\s+at /)
    const exported = await cli(['history', 'export', '--format', 'jsonl'], dir)
    const runs = exported.stdout
      .trim()
      .split('\n')
      .map(line => JSON.parse(line) as { table: string; row: { run_id?: string } })
      .filter(row => row.table === 'chaos_runs')
    expect(runs.map(row => row.row.run_id)).toEqual(['1'])
  })

  it('skips a FIFO in the results folder, naming it, and records the rest without hanging', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-cli-'))
    await resultsFile(path.join(dir, 'results'), 'health', HEALTH_PAYLOAD, {}, 'a')
    spawnSync('mkfifo', [path.join(dir, 'results', 'x.json')])
    const run = await cli(['record', 'results'], dir)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/results\/health-a\.json: 1 chaos_runs, 1 stage_results/)
    expect(run.stderr).toMatch(
      /not recorded: results\/x\.json: is a named pipe \(FIFO\); results files are read only as regular files\./
    )
    const validate = await cli(
      ['validate', '--results', 'results', '--slos', 'max_p95_ms: 100'],
      dir
    )
    expect(validate.code).toBe(2)
    expect(validate.stderr).toMatch(/^chaos-ci: results\/x\.json: is a named pipe \(FIFO\)/)
  })

  it("refuses an empty file and another application's database at --db, and leaves them as they were", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-cli-'))
    await resultsFile(path.join(dir, 'results'), 'health', HEALTH_PAYLOAD)
    await writeFile(path.join(dir, 'empty.db'), '')
    const empty = await cli(['record', 'results', '--db', 'empty.db'], dir)
    expect(empty.code).toBe(2)
    expect(empty.stderr).toMatch(
      /^chaos-ci: empty\.db: is empty \(0 bytes\): it is not a chaos-ci history\.\nFix: Delete it to start a new history/
    )
    expect(readFileSync(path.join(dir, 'empty.db')).length).toBe(0)
    const app = new (await loadSqlJs()).Database()
    app.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)')
    await writeFile(path.join(dir, 'app.db'), app.export())
    const before = readFileSync(path.join(dir, 'app.db'))
    const foreign = await cli(['record', 'results', '--db', 'app.db'], dir)
    expect(foreign.code).toBe(2)
    expect(foreign.stderr).toMatch(
      /^chaos-ci: app\.db: is a SQLite database of another application, not a chaos-ci history: it holds tables chaos-ci did not create \(invoices\)\./
    )
    expect(readFileSync(path.join(dir, 'app.db'))).toEqual(before)
  })

  it('refuses a damaged database with exit 2 and leaves it as it was', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-cli-'))
    const { mkdir, writeFile, readFile } = await import('node:fs/promises')
    await mkdir(path.join(dir, 'reports'))
    await writeFile(path.join(dir, 'reports/chaos_history.db'), 'garbage')
    await writeFile(
      path.join(dir, 'r.json'),
      '{"total_attempts": 0, "attempts": [], "timestamp": "2025-10-04T00:00:00"}'
    )
    const run = await cli(['record', 'r.json'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /^chaos-ci: reports\/chaos_history\.db: is not a SQLite database\.\nFix: It was left untouched/
    )
    expect(await readFile(path.join(dir, 'reports/chaos_history.db'), 'utf8')).toBe('garbage')
  })
})

describe('chaos-ci demo (bundled CLI)', () => {
  it('runs the whole pipeline (--quick), ends with a verdict, and the next run compares with it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-demo-cwd-'))
    // 18080 taken (by this test, or by something else: then it is taken all the same)
    const blocker = net.createServer()
    await new Promise<void>(resolve => {
      blocker.once('error', () => resolve())
      blocker.listen(18080, '127.0.0.1', () => resolve())
    })
    const run = await cli(['demo', '--quick'], dir).finally(
      () => new Promise(resolve => blocker.close(resolve))
    )
    // The demo's own SLOs judge latency on this machine: on a busy one (a baseline p95 of 300 ms was
    // seen) validate may fail them, which is its verdict to give, and the exit code and the verdict
    // screen must say so. Any other failure prints the demo's own words on which stage failed and why.
    const passed = run.code === 0
    const sloVerdict = /^validate: FAILED — \d+ SLO\(s\) failed/m.test(run.stdout)
    expect([run.code, passed || sloVerdict ? '' : `${run.stdout}\n${run.stderr}`]).toEqual([
      passed ? 0 : 1,
      ''
    ])
    // it said so, and ran the service, the crash included, on the free port it picked
    const port = Number(
      /port 18080 is taken \(an earlier demo still running\?\): the demo service uses the free port (\d+) instead/.exec(
        run.stderr
      )?.[1]
    )
    expect(port).toBeGreaterThan(0)
    expect(run.stderr).toContain(`on http://127.0.0.1:${port} under the demo's supervisor`)
    // health found both endpoints healthy, the readiness one after its 503s
    expect(run.stdout).toMatch(/^healthy: 2 endpoint\(s\)/)
    expect(run.stderr).toMatch(/HTTP 503 \(expected 200-299\)/)
    expect(run.stdout).toMatch(
      /chaos-ci audit: no findings \(\d+ files, \d+ imports, \d+ manifest\(s\)\)/
    )
    expect(run.stderr).toMatch(/chaos-ci heal: passed on the first attempt/)
    // a progress line for each scenario and phase
    for (const [i, name] of [
      'Slow network',
      'Flaky upstream',
      'Service crash',
      'CPU saturation'
    ].entries())
      expect(run.stderr).toMatch(
        new RegExp(
          `scenario ${i + 1}/4 '${name}'[^\\n]*\\n  baseline: 1 s at 100 requests/s\\n  inject: [^\\n]+\\n(demo supervisor[^\\n]*\\n)?  rollback, then recovery`
        )
      )
    // the crash was real: the supervisor saw the service die and started it again
    expect(run.stderr).toMatch(/demo supervisor: the service \(pid \d+\) exited; starting it again/)
    expect(run.stderr).toMatch(/chaos-ci inject: 4 scenario\(s\): 4 passed/)
    expect(run.stderr).toMatch(/demo service stopped/)
    // the verdict screen: every stage, every scenario, where everything is
    expect(run.stdout).toMatch(
      new RegExp(`chaos-ci demo: ${passed ? 'PASSED' : 'FAILED'} in \\d+ s`)
    )
    expect(run.stdout).toMatch(
      new RegExp(
        `stages +health ✓ +audit ✓ +heal ✓ +inject ✓ +validate ${passed ? '✓' : '✗'} +record ✓ +report ✓`
      )
    )
    // the delay landed (every response 150 ms late), whatever the machine adds to it
    const delayed = /Slow network +network_delay +\d+ → (\d+) ms +0\.0%/.exec(run.stdout)
    expect(Number(delayed?.[1])).toBeGreaterThanOrEqual(100)
    expect(run.stdout).toMatch(/Service crash +process_kill /)
    expect(run.stdout).toMatch(/the service was restarted 1× by the demo's supervisor/)
    expect(run.stdout).toMatch(/history +reports\/chaos_history\.db \(1 demo run\(s\) recorded\)/)
    expect(run.stdout).toMatch(/report +reports\/chaos-report\.md/)
    const results = /results +(\S+)/.exec(run.stdout)![1]!
    const quick = readFileSync(path.join(results, '..', 'demo_scenarios.quick.yml'), 'utf8')
    expect(quick).toMatch(/duration: 2\n/)
    expect(quick).toContain(`port: ${port}\n`)
    expect(readFileSync(path.join(dir, 'reports/chaos-report.md'), 'utf8')).toMatch(
      /## Resilience per scenario/
    )
    // nothing left running on the demo's port
    expect(await tryConnect({ host: '127.0.0.1', port }, 500)).not.toBe('connected')
    // --port as given, and --format json: each stage's status as its results file has it
    const chosen = await closedPort()
    const again = await cli(['demo', '--quick', '--port', String(chosen), '--format', 'json'], dir)
    expect(again.stderr).toContain(`on http://127.0.0.1:${chosen} under the demo's supervisor`)
    const json = JSON.parse(again.stdout) as {
      passed: boolean
      port: number
      runs: number
      stages: Array<{ name: string; status: string | null; file: string | null }>
    }
    // this run is judged against the first one too: on a busy machine it may find a regression and
    // fail, which is its verdict to give; what is checked here is that the JSON and the exit agree
    expect(json).toMatchObject({ port: chosen, runs: 2 })
    expect(again.code).toBe(json.passed ? 0 : 1)
    expect(json.stages.map(stage => stage.name)).toEqual([
      'health',
      'audit',
      'heal',
      'inject',
      'validate',
      'record',
      'report'
    ])
    for (const stage of json.stages.slice(0, 5))
      expect(stage.status).toBe(
        (JSON.parse(readFileSync(stage.file!, 'utf8')) as { status: string }).status
      )
    expect(json.stages.slice(5).map(stage => stage.status)).toEqual([null, null])
  }, 180_000)

  it('refuses a --port that is taken, before it starts anything', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-demo-cwd-'))
    const server = await scriptedServer([{ status: 200 }])
    servers.push(server)
    const run = await cli(['demo', '--quick', '--port', String(server.port)], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      `chaos-ci: option --port: port ${server.port} is taken: something already listens on 127.0.0.1:${server.port}.\nFix: Stop it, choose another --port, or leave --port out to let the demo pick a free one.\n`
    )
    expect(server.hits()).toBe(0)
  })
})

describe('chaos-ci validate (bundled CLI)', () => {
  it('prints the verdicts, exits 99 on a blocking failure and 0 when within the SLOs', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-cli-'))
    await resultsFile(dir, 'inject', injectPayload([healthy('checkout', 40)]))
    const failing = await cli([
      'validate',
      '--results',
      dir,
      '--slos',
      "http_req_duration: ['p(95)<20']",
      '--format',
      'json'
    ])
    expect(failing.code).toBe(99)
    const results = JSON.parse(failing.stdout) as { status: string; payload: ValidatePayload }
    expect(results.status).toBe('failed')
    expect(results.payload.scenarios[0]!.slos[0]).toMatchObject({
      key: 'latency p95',
      verdict: 'fail'
    })
    expect(failing.stderr).toMatch(/chaos-ci validate: FAILED/)
    const passing = await cli(['validate', '--results', dir, '--slos', 'max_p95_ms: 100'])
    expect(passing.code).toBe(0)
    expect(passing.stdout).toMatch(/pass +checkout: latency p95 40\.\d ms \(blocking <= 100 ms/)
    expect(passing.stderr).toMatch(/no history database at reports\/chaos_history\.db/)
  })

  it('exits 2 on bad input, naming the option and the fix', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-cli-'))
    await resultsFile(dir, 'inject', injectPayload([healthy('checkout')]))
    const run = await cli(['validate', '--results', dir, '--regression-sigma', 'wide'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/--regression-sigma/)
    expect(run.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('chaos-ci inject --dry-run (bundled CLI)', () => {
  it('fails on a process target that matches nothing, before any traffic, with its line and fix', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-cli-'))
    const missing = `no-such-service-${process.pid}-${Date.now()}`
    await writeFile(
      path.join(dir, 'chaos.yml'),
      `scenarios:\n  - name: kill the worker\n    type: process_kill\n    intensity: light\n    duration: 1\n    parameters:\n      command: ${missing}\n`
    )
    const run = await cli(['inject', '--config', 'chaos.yml', '--dry-run'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(
      `     target: NOT FOUND: no process matched: processes whose command line contains '${missing}'`
    )
    expect(run.stderr).toContain(
      `chaos.yml:7: scenario 'kill the worker' (process_kill): no process matched: processes whose command line contains '${missing}'.`
    )
    expect(run.stderr).toMatch(/Fix: Start the target before the run, or correct parameter command/)
    expect(run.stderr).not.toMatch(/its supervisor restarts it/)
    expect(run.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('chaos-ci inject: every problem in the scenario file at once (bundled CLI)', () => {
  it('lists each problem with its line and fix, and suggests a close file name', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-cli-'))
    await mkdir(path.join(dir, 'deploy'))
    await writeFile(
      path.join(dir, 'deploy/chaos_scenarios.yml'),
      [
        'scenarios:',
        '  - name: slow',
        '    type: network_delay',
        '    intensity: medium',
        '    duration: 2',
        '    parameters:',
        '      delay: 150',
        '  - name: flaky',
        '    type: http_fualt',
        '    intensity: light',
        '    duration: 1',
        ''
      ].join('\n')
    )
    const run = await cli(['inject', '--config', 'deploy/chaos_scenarios.yml', '--dry-run'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('chaos-ci: 2 problems in deploy/chaos_scenarios.yml:')
    expect(run.stderr).toContain(
      "- deploy/chaos_scenarios.yml:7:7: scenarios[0].parameters.delay: unknown key 'delay'. Did you mean 'delay_ms'?"
    )
    expect(run.stderr).toContain(
      "- deploy/chaos_scenarios.yml:9:5: scenarios[1].type: scenario 'flaky' has an unknown type 'http_fualt'. Did you mean 'http_fault'?"
    )
    expect(run.stderr.match(/\n {2}Fix: /g)).toHaveLength(2)
    const typo = await cli(['inject', '--config', 'deploy/chaos_scenario.yml', '--dry-run'], dir)
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain(
      "deploy/chaos_scenario.yml: the scenario file does not exist. Did you mean 'deploy/chaos_scenarios.yml'?"
    )
    expect(typo.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('chaos-ci report (bundled CLI)', () => {
  it('writes the report from a history database, and refuses one that does not exist with the fix', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-cli-'))
    await resultsFile(dir, 'inject', injectPayload([healthy('checkout', 40)]))
    const db = path.join(dir, 'h.db')
    expect((await cli(['record', dir, '--db', db])).code).toBe(0)
    const output = path.join(dir, 'out/report.md')
    const run = await cli(['report', '--db', db, '--output', output, '--lookback-days', '60'])
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(`${readFileSync(output, 'utf8')}\n`)
    // the scenario's p99 is 40 ms: clamped to its exact max, never the HDR bucket above it
    expect(run.stdout).toMatch(/\| checkout \| 1 \| 1 \| 40 ms \|/)
    const missing = path.join(dir, 'missing.db')
    const other = path.join(dir, 'out/other.md')
    const none = await cli(['report', '--db', missing, '--output', other])
    expect(none.code).toBe(2)
    expect(none.stderr).toBe(
      `chaos-ci: ${missing}: there is no history database here, so there is nothing to report on; no report was written.\nFix: Record results first (chaos-ci record chaos-results/ --db ${missing}), or give --db the database the history action restored.\n`
    )
    expect(none.stdout).toBe('')
    expect(existsSync(other)).toBe(false)
    expect(existsSync(missing)).toBe(false)
  })

  it('exits 2 on a bad window, naming the option', async () => {
    const run = await cli(['report', '--lookback-days', '0'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/--lookback-days/)
  })
})

describe('chaos-ci check (bundled CLI)', () => {
  async function repo(scenarios: string): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-cli-check-'))
    await mkdir(path.join(dir, 'deploy'))
    await writeFile(path.join(dir, 'deploy/chaos_scenarios.yml'), scenarios)
    await writeFile(path.join(dir, 'package.json'), '{"name": "x"}')
    return dir
  }
  const GOOD =
    'scenarios:\n  - {name: slow, type: network_delay, intensity: light, duration: 2, parameters: {delay_ms: 50}}\n'

  it('exits 0 on a clean repository and writes the Markdown report', async () => {
    const dir = await repo(GOOD)
    const run = await cli(['check', '--cwd', dir])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/✓ dry-run +passed +1 scenario\(s\): 1 planned/)
    expect(run.stdout).toMatch(/- health +skipped/)
    expect(readFileSync(path.join(dir, 'reports/chaos-check.md'), 'utf8')).toMatch(
      /## chaos-ci check: ✅ passed/
    )
  })

  it('exits 1 with the file and line when a check fails', async () => {
    const dir = await repo(GOOD.replace('duration', 'duraton'))
    const run = await cli(['check', '--cwd', dir, '--only', 'config', '--no-report'])
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/deploy\/chaos_scenarios\.yml:2:\d+: .*Did you mean 'duration'/)
    expect(existsSync(path.join(dir, 'reports'))).toBe(false)
  })

  it('exits 2 on an unknown check name, listing the valid ones', async () => {
    const run = await cli(['check', '--skip', 'dry_run'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/no check named 'dry_run'\. Did you mean 'dry-run'\?/)
    expect(run.stderr).toMatch(
      /dependencies, config, scripts, dry-run, health, workflows, placeholders, permissions/
    )
  })

  it("checks workflows with GitHub's parser and against our actions' inputs and permissions", async () => {
    const dir = await repo(GOOD)
    await mkdir(path.join(dir, '.github/workflows'), { recursive: true })
    await writeFile(
      path.join(dir, '.github/workflows/chaos.yml'),
      [
        'name: chaos',
        'on: push',
        'permissions:',
        '  contents: read',
        'jobs:',
        '  chaos:',
        '    runs-on: ubuntu-latest',
        '    bogus: 1',
        '    steps:',
        '      - uses: acme/chaos-ci/actions/inject@v1',
        '        with:',
        '          target-ur: http://127.0.0.1:8000',
        '      - uses: acme/chaos-ci/actions/heal@v1',
        '      - uses: acme/chaos-ci/actions/report@v1',
        '      - uses: ./actions/nowhere',
        ''
      ].join('\n')
    )
    const run = await cli(['check', '--cwd', dir, '--only', 'workflows', '--no-report'])
    expect(run.code).toBe(1)
    const lines = run.stdout.split('\n').filter(line => line.startsWith('    .github'))
    expect(lines).toEqual([
      "    .github/workflows/chaos.yml:8:5: Unexpected value 'bogus'",
      "    .github/workflows/chaos.yml:12:11: inject has no input 'target-ur'. Did you mean 'target-url'?",
      "    .github/workflows/chaos.yml:13:9: heal needs the input 'command', and this step does not give it.",
      '    .github/workflows/chaos.yml:3:1: report needs "issues: write" (it opens and updates the report issue), and the workflow\'s permissions do not grant it.',
      '    .github/workflows/chaos.yml:15:9: ./actions/nowhere: there is no action.yml there in this repository.'
    ])
  })

  it('asks the history action for actions: write only when it saves', async () => {
    const dir = await repo(GOOD)
    await mkdir(path.join(dir, '.github/workflows'), { recursive: true })
    const workflow = (save: string) =>
      [
        'on: push',
        'permissions:',
        '  contents: read',
        'jobs:',
        '  a:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: acme/chaos-ci/actions/history@v1',
        '        with:',
        `          save: ${save}`,
        ''
      ].join('\n')
    await writeFile(path.join(dir, '.github/workflows/read.yml'), workflow('never'))
    const reads = await cli(['check', '--cwd', dir, '--only', 'workflows', '--no-report'])
    expect(reads.code).toBe(0)
    await writeFile(path.join(dir, '.github/workflows/write.yml'), workflow('auto'))
    const writes = await cli(['check', '--cwd', dir, '--only', 'workflows', '--no-report'])
    expect(writes.code).toBe(1)
    expect(writes.stdout).toMatch(
      /write\.yml:2:1: history needs "actions: write" \(it prunes old cache entries when it saves\)/
    )
  })

  it('checks the root action: its inputs, and the permissions of the stages it runs', async () => {
    const dir = await repo(GOOD)
    await mkdir(path.join(dir, '.github/workflows'), { recursive: true })
    const workflow = (withLines: string[]) =>
      [
        'on: pull_request',
        'permissions:',
        '  contents: read',
        'jobs:',
        '  a:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: acme/chaos-ci@v1',
        '        with:',
        ...withLines,
        ''
      ].join('\n')
    await writeFile(
      path.join(dir, '.github/workflows/full.yml'),
      workflow(['          taget-url: http://127.0.0.1:8000'])
    )
    const full = await cli(['check', '--cwd', dir, '--only', 'workflows', '--no-report'])
    expect(full.code).toBe(1)
    const lines = full.stdout.split('\n').filter(line => line.startsWith('    .github'))
    expect(lines).toEqual([
      "    .github/workflows/full.yml:10:11: chaos-ci has no input 'taget-url'. Did you mean 'target-url'?",
      '    .github/workflows/full.yml:2:1: chaos-ci needs "pull-requests: write" (it writes the pull-request comment), and the workflow\'s permissions do not grant it.',
      '    .github/workflows/full.yml:2:1: chaos-ci needs "actions: write" (it prunes old cache entries when it saves), and the workflow\'s permissions do not grant it.'
    ])
    // with those stages off (or in mode check) it writes nothing and needs nothing
    await writeFile(
      path.join(dir, '.github/workflows/full.yml'),
      workflow(['          target-url: http://127.0.0.1:8000', '          skip: comment, history'])
    )
    const quiet = await cli(['check', '--cwd', dir, '--only', 'workflows', '--no-report'])
    expect(quiet.stdout).toMatch(/✓ workflows +passed +1 workflow\(s\), 1 chaos-ci step\(s\)/)
    expect(quiet.code).toBe(0)
  })

  it("passes chaos-ci's own example workflows", async () => {
    const dir = await repo(GOOD)
    await mkdir(path.join(dir, '.github'), { recursive: true })
    await cp(path.join(ROOT, 'examples/workflows'), path.join(dir, '.github/workflows'), {
      recursive: true
    })
    const run = await cli(['check', '--cwd', dir, '--only', 'workflows', '--no-report'])
    expect(run.stdout).toMatch(/✓ workflows +passed +\d+ workflow\(s\), \d+ chaos-ci step\(s\)/)
    expect(run.code).toBe(0)
  })

  it("parses TypeScript scripts with the project's own compiler", async () => {
    const dir = await repo(GOOD)
    await mkdir(path.join(dir, '.github/workflows'), { recursive: true })
    await mkdir(path.join(dir, 'scripts'))
    await writeFile(
      path.join(dir, 'scripts/seed.ts'),
      'const n: number = 1\nexport const m = (n +\n'
    )
    await writeFile(
      path.join(dir, '.github/workflows/ci.yml'),
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx tsx scripts/seed.ts\n'
    )
    // The project's compiler: this repository's, as if installed in the fixture.
    await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'))
    const run = await cli(['check', '--cwd', dir, '--only', 'scripts', '--no-report'])
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      /scripts\/seed\.ts:2: scripts\/seed\.ts \(named in \.github\/workflows\/ci\.yml\) does not parse: Expression expected\./
    )
    expect(run.stdout).not.toMatch(/no #! line/)
  })

  it('installs the pre-push hook once', async () => {
    const dir = await repo(GOOD)
    spawnSync('git', ['init', '-q'], { cwd: dir })
    expect((await cli(['check', '--cwd', dir, '--install-hook'])).stderr).toMatch(/hook installed/)
    expect((await cli(['check', '--cwd', dir, '--install-hook'])).stderr).toMatch(/hook unchanged/)
  })
})
