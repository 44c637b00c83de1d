/**
 * The bundled CLI as people use CLIs (#21 §3): booleans are flags, every command prints JSON with
 * the status its stage wrote, NO_COLOR means no colour, inject writes where validate reads, check
 * takes absolute paths and probes the health endpoint, record and report refuse what is not there,
 * and the pre-push hook leaves the working tree clean.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { afterEach, describe, expect, it } from '@jest/globals'

import { ROOT } from '../helpers/action-runner.js'
import { runCli as cli } from '../helpers/cli.js'
import { healthy, injectPayload } from '../helpers/inject-results.js'
import { HEALTH_PAYLOAD, resultsFile } from '../helpers/results.js'
import { closedPort, scriptedServer, type TestServer } from '../helpers/servers.js'

const servers: TestServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map(server => server.close()))
})

const tempDir = (): Promise<string> => mkdtemp(path.join(os.tmpdir(), 'chaos-ci-cli-conv-'))

const SCENARIOS =
  'monitoring:\n  health_check:\n    endpoint: /api/health\nscenarios:\n  - {name: slow, type: network_delay, intensity: light, duration: 2, parameters: {delay_ms: 50}}\n'

/** Every command's flags (its options without a value), as `--help` must list them. */
const FLAGS: Record<string, string[]> = {
  health: ['quiet'],
  heal: ['constant-delay', 'heal-dependencies', 'fail-on-flaky'],
  audit: ['fix', 'install', 'dry-run'],
  record: [],
  'history export': [],
  'history import-seed': [],
  inject: ['dry-run', 'allow-destructive', 'allow-remote-target'],
  rollback: [],
  validate: ['fail-on-regression'],
  report: [],
  check: ['fix', 'require-service', 'install-hook', 'force'],
  demo: ['quick']
}

/** What each command needs besides its flags to get as far as reading --format. */
const REQUIRED: Record<string, string[]> = {
  health: ['--url', 'http://127.0.0.1:1'],
  heal: ['--', 'true']
}

/** The options `--help` lists, split into flags and options that take a value. */
function helpOptions(help: string): { flags: string[]; valued: string[] } {
  const flags: string[] = []
  const valued: string[] = []
  for (const [, name, value] of help.matchAll(/^ {2}(?:-\w, )?--([a-z-]+)( [<[])?/gm))
    if (name !== 'help' && !name!.startsWith('no-')) (value ? valued : flags).push(name!)
  return { flags, valued }
}

describe('boolean options are flags on every command', () => {
  it('--help lists exactly the flags in this table, and no option asks for true or false', async () => {
    const commands = Object.keys(FLAGS)
    const helps = await Promise.all(commands.map(c => cli([...c.split(' '), '--help'])))
    for (const [i, command] of commands.entries()) {
      const { flags, valued } = helpOptions(helps[i]!.stdout)
      expect({ command, flags: flags.sort() }).toEqual({
        command,
        flags: [...FLAGS[command]!].sort()
      })
      expect({ command, bool: helps[i]!.stdout.match(/<bool(ean)?>/g) }).toEqual({
        command,
        bool: null
      })
      // every command has --format (history export's is jsonl or json)
      expect({ command, format: valued.includes('format') }).toEqual({ command, format: true })
    }
  })

  it('each flag and its --no- form parse without a value, on every command', async () => {
    const commands = Object.keys(FLAGS).filter(c => FLAGS[c]!.length > 0)
    const runs = await Promise.all(
      commands.map(c => {
        const flags = FLAGS[c]!.flatMap(name => [`--${name}`, `--no-${name}`])
        const required = REQUIRED[c] ?? []
        const split = required.includes('--') ? required.indexOf('--') : required.length
        return cli(
          [c, ...required.slice(0, split), ...flags, '--format', 'bogus', ...required.slice(split)],
          os.tmpdir()
        )
      })
    )
    // commander accepted every flag, and the command itself ran far enough to refuse the format
    for (const [i, command] of commands.entries())
      expect({ command, code: runs[i]!.code, stderr: runs[i]!.stderr }).toEqual({
        command,
        code: 2,
        stderr: expect.stringMatching(/^chaos-ci: option --format: unknown format 'bogus'\./)
      })
  })

  it('inject --dry-run plans and writes nothing; --no-dry-run after it turns it off again', async () => {
    const dir = await tempDir()
    await writeFile(path.join(dir, 'chaos.yml'), SCENARIOS)
    const dry = await cli(['inject', '--config', 'chaos.yml', '--dry-run'], dir)
    expect(dry.code).toBe(0)
    expect(dry.stderr).toMatch(/slow/)
    expect(await readdir(dir)).toEqual(['chaos.yml'])
    const undone = await cli(['inject', '--config', 'chaos.yml', '--dry-run', '--no-dry-run'], dir)
    expect(undone.code).toBe(2)
    expect(undone.stderr).toMatch(/^chaos-ci: option --target-url: no target-url was given\./)
  })

  it("refuses the action-input spelling --dry-run true with the flag's spelling as the fix", async () => {
    const inject = await cli(['inject', '--dry-run', 'true'], os.tmpdir())
    expect(inject.code).toBe(2)
    expect(inject.stderr).toBe(
      "chaos-ci: option --dry-run: takes no value: it is a flag (got 'true').\nFix: Write --dry-run to turn it on and --no-dry-run to turn it off.\n"
    )
    // audit would have read 'false' as a folder to scan
    const audit = await cli(['audit', '--fix=false'], os.tmpdir())
    expect(audit.code).toBe(2)
    expect(audit.stderr).toMatch(
      /^chaos-ci: option --fix: takes no value: it is a flag \(got 'false'\)/
    )
    // after -- the words are heal's command, not options
    const heal = await cli(['heal', '--', 'printf', '%s', '--fix', 'true'], os.tmpdir())
    expect(heal.code).toBe(0)
    expect(heal.stdout).toBe('--fixtrue')
  })
})

describe('--format json on every command', () => {
  it("prints each stage's results file as written, status included, for health, heal, audit, inject and validate", async () => {
    const dir = await tempDir()
    await writeFile(path.join(dir, 'chaos.yml'), SCENARIOS)
    await resultsFile(
      path.join(dir, 'measured'),
      'inject',
      injectPayload([healthy('checkout', 40)])
    )
    const port = await closedPort()
    const json = ['--format', 'json']
    const py = path.join(ROOT, 'tests/fixtures/audit/py-poetry')
    // [stage, options, after the options, the status the stage sets]
    const stages: Array<[string, string[], string[], string]> = [
      ['health', ['--url', `http://127.0.0.1:${port}`, '--timeout-seconds', '0'], [], 'failed'],
      ['heal', [], ['--', 'true'], 'passed'],
      ['audit', ['--working-directory', py], [], 'failed'],
      ['inject', ['--config', 'chaos.yml', '--dry-run'], [], 'planned'],
      ['validate', ['--results', 'measured', '--slos', 'max_p95_ms: 100'], [], 'passed']
    ]
    for (const [stage, options, after, status] of stages) {
      const out = path.join(dir, `out-${stage}`)
      const run = await cli([stage, ...options, ...json, '--results-dir', out, ...after], dir)
      const [file] = await readdir(out)
      const written = readFileSync(path.join(out, file!), 'utf8')
      // stdout is the results file byte for byte: the status is the one the stage wrote
      expect({ stage, stdout: run.stdout }).toEqual({ stage, stdout: written })
      expect(JSON.parse(run.stdout)).toMatchObject({ stage, status, payload: expect.any(Object) })
    }
  })

  it('prints JSON for record, history, report, check and rollback as well', async () => {
    const dir = await tempDir()
    await resultsFile(path.join(dir, 'results'), 'health', HEALTH_PAYLOAD)
    await mkdir(path.join(dir, 'deploy'))
    await writeFile(path.join(dir, 'deploy/chaos_scenarios.yml'), SCENARIOS)
    const json = ['--format', 'json']
    const record = await cli(['record', 'results', ...json], dir)
    expect(JSON.parse(record.stdout)).toMatchObject({
      db: 'reports/chaos_history.db',
      files: [{ file: expect.stringMatching(/health-/), added: { chaos_runs: 1 } }],
      skipped: []
    })
    const exported = await cli(['history', 'export', ...json], dir)
    expect(JSON.parse(exported.stdout)).toHaveProperty('chaos_runs')
    const report = await cli(['report', '--output', 'r.md', '--lookback-days', '60', ...json], dir)
    expect(report.code).toBe(0)
    expect(JSON.parse(report.stdout)).toHaveProperty('recommendations')
    const check = await cli(['check', '--only', 'config', '--no-report', ...json], dir)
    expect(JSON.parse(check.stdout)).toMatchObject({ passed: true, results: [{ name: 'config' }] })
    const rollback = await cli(['rollback', ...json], dir)
    expect(JSON.parse(rollback.stdout)).toMatchObject({ undos: [], failed: 0 })
  })
})

describe('NO_COLOR (https://no-color.org)', () => {
  const ESC = '\u001b['

  it('colours the status words only when allowed: never with NO_COLOR set and not empty', async () => {
    const dir = await tempDir()
    await mkdir(path.join(dir, 'deploy'))
    await writeFile(path.join(dir, 'deploy/chaos_scenarios.yml'), SCENARIOS)
    await resultsFile(
      path.join(dir, 'measured'),
      'inject',
      injectPayload([healthy('checkout', 40)])
    )
    const commands = [
      ['check', '--only', 'config,dry-run', '--no-report'],
      ['heal', '--', 'false'],
      ['validate', '--results', 'measured', '--slos', 'max_p95_ms: 100']
    ]
    const run = (env: NodeJS.ProcessEnv) => Promise.all(commands.map(c => cli(c, dir, env)))
    const [check, heal, validate] = await run({ FORCE_COLOR: '1' })
    expect(check!.stdout).toContain(`${ESC}32m✓${ESC}39m config`)
    expect(heal!.stderr).toContain(`chaos-ci heal: ${ESC}31mfailed${ESC}39m`)
    expect(validate!.stdout).toMatch(new RegExp(`^ *\\u001b\\[32mpass\\u001b\\[39m +checkout`, 'm'))
    // an empty NO_COLOR is not set, as the convention says
    expect((await cli(commands[0]!, dir, { FORCE_COLOR: '1', NO_COLOR: '' })).stdout).toContain(ESC)
    const plain = await run({ FORCE_COLOR: '1', NO_COLOR: '1' })
    expect(plain[0]!.stdout).toMatch(/^✓ config +passed/m)
    expect(plain[1]!.stderr).toMatch(/^chaos-ci heal: failed/m)
    expect(plain[2]!.stdout).toMatch(/^ *pass +checkout/m)
    for (const r of plain) expect(r.stdout + r.stderr).not.toContain(ESC)
    // and JSON is never coloured
    const json = await cli([...commands[0]!, '--format', 'json'], dir, { FORCE_COLOR: '1' })
    expect(json.stdout).not.toContain(ESC)
  })
})

describe('inject writes where validate reads', () => {
  it('writes chaos-results/ by default, and validate with no --results reads it', async () => {
    const dir = await tempDir()
    const server = await scriptedServer([{ status: 200, body: { ok: true } }])
    servers.push(server)
    const inject = await cli(
      [
        'inject',
        '--target-url',
        server.url,
        '--command',
        'true',
        '--duration-seconds',
        '0.5',
        '--baseline-seconds',
        '0.5',
        '--rate',
        '20',
        '--cooldown-seconds',
        '0'
      ],
      dir
    )
    expect(inject.stderr).toMatch(/results: chaos-results\/inject-local\.json/)
    expect(await readdir(path.join(dir, 'chaos-results'))).toEqual(['inject-local.json'])
    const validate = await cli(
      ['validate', '--slos', 'max_error_rate_percent: 50', '--format', 'json'],
      dir
    )
    const read = JSON.parse(validate.stdout) as { payload: { scenarios: Array<{ name: string }> } }
    expect(read.payload.scenarios.map(s => s.name)).toEqual(
      (
        JSON.parse(readFileSync(path.join(dir, 'chaos-results/inject-local.json'), 'utf8')) as {
          payload: { scenarios: Array<{ name: string }> }
        }
      ).payload.scenarios.map(s => s.name)
    )
    expect(read.payload.scenarios).toHaveLength(1)
  })
})

describe('chaos-ci check: --config and --target-url', () => {
  it('reads a scenario file given by its absolute path', async () => {
    const dir = await tempDir()
    const elsewhere = await tempDir()
    const file = path.join(elsewhere, 'chaos.yml')
    await writeFile(file, SCENARIOS)
    const run = await cli(
      ['check', '--cwd', dir, '--config', file, '--only', 'config,dry-run', '--no-report'],
      dir
    )
    expect(run.stdout).toMatch(new RegExp(`✓ config +passed +1 file\\(s\\) read: ${file}`))
    expect(run.stdout).toMatch(/✓ dry-run +passed +1 scenario\(s\): 1 planned/)
    expect(run.code).toBe(0)
  })

  it("probes the target at the scenario file's health endpoint, not at /", async () => {
    const dir = await tempDir()
    await mkdir(path.join(dir, 'deploy'))
    await writeFile(path.join(dir, 'deploy/chaos_scenarios.yml'), SCENARIOS)
    const paths: string[] = []
    const server = await scriptedServer([{ status: 200 }], 0, req => paths.push(req.url ?? ''))
    servers.push(server)
    const run = await cli(
      ['check', '--only', 'health', '--target-url', server.url, '--no-report'],
      dir
    )
    expect(run.code).toBe(0)
    expect(paths).toEqual(['/api/health'])
    expect(run.stdout).toMatch(
      new RegExp(`✓ health +passed +${server.url}/api/health answered HTTP 200`)
    )
  })
})

describe('chaos-ci record and report: nothing made of nothing', () => {
  it('creates no database for a path that does not exist, naming every one with a near name', async () => {
    const dir = await tempDir()
    await resultsFile(path.join(dir, 'chaos-results'), 'health', HEALTH_PAYLOAD)
    const run = await cli(['record', 'chaos-result', 'other.json'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^chaos-ci: 2 paths do not exist; nothing was recorded:\n/)
    expect(run.stderr).toContain(
      "- chaos-result: does not exist; nothing was recorded. Did you mean 'chaos-results'?"
    )
    expect(run.stderr).toContain('- other.json: does not exist; nothing was recorded.')
    expect(existsSync(path.join(dir, 'reports'))).toBe(false)
  })

  it('records the results files of every subfolder', async () => {
    const dir = await tempDir()
    // as downloaded artifacts arrive: one folder per job
    await resultsFile(
      path.join(dir, 'artifacts/job-a'),
      'health',
      HEALTH_PAYLOAD,
      { GITHUB_RUN_ID: '1' },
      'a'
    )
    await resultsFile(
      path.join(dir, 'artifacts/job-b/deeper'),
      'health',
      HEALTH_PAYLOAD,
      { GITHUB_RUN_ID: '2' },
      'b'
    )
    const run = await cli(['record', 'artifacts', '--format', 'json'], dir)
    expect(run.code).toBe(0)
    const recorded = JSON.parse(run.stdout) as { files: Array<{ file: string }> }
    expect(recorded.files.map(f => f.file)).toEqual([
      'artifacts/job-a/health-a.json',
      'artifacts/job-b/deeper/health-b.json'
    ])
  })

  it('report over a database that does not exist exits 2 with the fix and writes nothing', async () => {
    const dir = await tempDir()
    const run = await cli(['report'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /^chaos-ci: reports\/chaos_history\.db: there is no history database here.*\nFix: Record results first \(chaos-ci record chaos-results\/ --db reports\/chaos_history\.db\)/
    )
    expect(await readdir(dir)).toEqual([])
  })
})

describe('the pre-push hook', () => {
  it('runs the checks and leaves git status as it was: no untracked reports/ folder', async () => {
    const dir = await tempDir()
    const git = (...args: string[]) =>
      spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
        cwd: dir,
        encoding: 'utf8'
      })
    git('init', '-q')
    await mkdir(path.join(dir, 'deploy'))
    await writeFile(path.join(dir, 'deploy/chaos_scenarios.yml'), SCENARIOS)
    git('add', '.')
    git('commit', '-qm', 'scenarios')
    expect((await cli(['check', '--install-hook'], dir)).code).toBe(0)
    // the hook as git runs it, with this chaos-ci first on PATH
    const bin = await tempDir()
    await writeFile(
      path.join(bin, 'chaos-ci'),
      `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(ROOT, 'dist/cli/index.js'))} "$@"\n`,
      { mode: 0o755 }
    )
    const hook = spawnSync(path.join(dir, '.git/hooks/pre-push'), [], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }
    })
    expect(hook.stdout).toMatch(/chaos-ci check: all \d+ check\(s\) passed or skipped/)
    expect(hook.status).toBe(0)
    expect(git('status', '--porcelain', '--untracked-files=all').stdout).toBe('')
  })
})
