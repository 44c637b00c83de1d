/**
 * The pre-push checks on fixture repositories written to temp folders: a clean one where every check
 * passes, one broken thing at a time (each check failing for its real reason, with its message), what
 * --fix changes (exactly what it says), selection by name, and the hook installer.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'

import { afterEach, describe, expect, it } from '@jest/globals'

import type { CheckSettings } from '../../../../src/core/check/check.js'
import { HOOK_SCRIPT, installHook } from '../../../../src/core/check/hook.js'
import { type CheckReport, runChecks, selectChecks } from '../../../../src/core/check/run.js'
import { tempDir } from '../../../helpers/processes.js'
import { closedPort, scriptedServer, type TestServer } from '../../../helpers/servers.js'

const servers: TestServer[] = []
afterEach(async () => {
  while (servers.length) await servers.pop()!.close()
})

const SCENARIOS = `slo_targets:
  max_error_rate_percent: 10
monitoring:
  health_check:
    endpoint: /health
scenarios:
  - name: slow
    type: network_delay
    intensity: light
    duration: 5
    parameters:
      delay_ms: 100
`

const WORKFLOW = `name: ci
on: push
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: ./scripts/setup.sh
      - run: node scripts/smoke.mjs
`

/** A small repository where everything is right. */
async function cleanRepo(): Promise<string> {
  const dir = await tempDir('chaos-ci-check-')
  const write = (file: string, text: string, mode = 0o644): void => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    writeFileSync(path.join(dir, file), text)
    chmodSync(path.join(dir, file), mode)
  }
  write('package.json', JSON.stringify({ name: 'shop', dependencies: { express: '^4.0.0' } }))
  write('src/index.js', "import express from 'express'\nexport const app = express()\n")
  write('deploy/chaos_scenarios.yml', SCENARIOS)
  write('.github/workflows/ci.yml', WORKFLOW)
  write('scripts/setup.sh', '#!/bin/sh\necho set up\n', 0o755)
  write('scripts/smoke.mjs', "console.log('ok')\n")
  write('.githooks/pre-commit', '#!/bin/sh\nexit 0\n', 0o755)
  return dir
}

function settings(cwd: string, more: Partial<CheckSettings> = {}): CheckSettings {
  return {
    cwd,
    fix: false,
    config: 'deploy/chaos_scenarios.yml',
    configGiven: false,
    requireService: false,
    healthTimeoutSeconds: 1,
    ...more
  }
}

/**
 * Runs the checks in-process. `workflows` is left out here: GitHub's parser imports its schema as
 * JSON, which Node 20 refuses outside a bundle; tests/e2e/cli.test.ts runs it through the bundled CLI.
 */
async function check(cwd: string, more: Partial<CheckSettings> = {}, only: string[] = []) {
  return runChecks(selectChecks(only, only.length ? [] : ['workflows']), {
    settings: settings(cwd, more),
    env: process.env,
    log: () => undefined
  })
}

function statuses(report: CheckReport): Record<string, string> {
  return Object.fromEntries(report.results.map(r => [r.name, r.status]))
}

function result(report: CheckReport, name: string) {
  return report.results.find(r => r.name === name)!
}

/** Every file's content and mode, to see what a fix touched. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const file = path.join(rel, entry.name)
      if (entry.isDirectory()) walk(file)
      else
        out.set(
          file,
          `${(statSync(path.join(dir, file)).mode & 0o777).toString(8)} ${readFileSync(path.join(dir, file), 'utf8')}`
        )
    }
  }
  walk('.')
  return out
}

function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after.keys()].filter(file => before.get(file) !== after.get(file)).sort()
}

describe('chaos-ci check on a clean repository', () => {
  it('passes every check it can run, and says why it skipped the others', async () => {
    const report = await check(await cleanRepo())
    expect(statuses(report)).toEqual({
      dependencies: 'passed',
      config: 'passed',
      scripts: 'passed',
      'dry-run': 'passed',
      health: 'skipped',
      placeholders: 'passed',
      permissions: 'passed'
    })
    expect(report.passed).toBe(true)
    expect(result(report, 'scripts').summary).toMatch(/^2 script\(s\) named in 2 file\(s\)/)
    expect(result(report, 'health').summary).toMatch(/no target/)
  })
})

describe('each check fails for its real reason', () => {
  it('dependencies: an import nothing declares; --fix declares exactly it', async () => {
    const dir = await cleanRepo()
    writeFileSync(
      path.join(dir, 'src/util.js'),
      "import leftPad from 'left-pad'\nexport default leftPad\n"
    )
    // Installed but not declared: the audit knows its version, so the fix is safe to make.
    mkdirSync(path.join(dir, 'node_modules/left-pad'), { recursive: true })
    writeFileSync(
      path.join(dir, 'node_modules/left-pad/package.json'),
      JSON.stringify({ name: 'left-pad', version: '1.3.0' })
    )
    const report = await check(dir, {}, ['dependencies'])
    expect(report.passed).toBe(false)
    expect(result(report, 'dependencies').findings[0]).toMatchObject({
      file: 'src/util.js',
      line: 1
    })
    expect(result(report, 'dependencies').findings[0]!.message).toMatch(/left-pad/)
    const before = snapshot(dir)
    const fixed = await check(dir, { fix: true }, ['dependencies'])
    expect(fixed.passed).toBe(true)
    expect(result(fixed, 'dependencies').fixed).toEqual(['package.json: added left-pad'])
    expect(changed(before, snapshot(dir))).toEqual(['package.json'])
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>
    }
    expect(manifest.dependencies).toEqual({ express: '^4.0.0', 'left-pad': '^1.3.0' })
  })

  it('config: a misspelled key in the scenario file, with its line and a "did you mean"', async () => {
    const dir = await cleanRepo()
    writeFileSync(
      path.join(dir, 'deploy/chaos_scenarios.yml'),
      SCENARIOS.replace('duration: 5', 'duraton: 5')
    )
    const report = await check(dir, {}, ['config', 'dry-run'])
    const finding = result(report, 'config').findings[0]!
    expect(finding).toMatchObject({ file: 'deploy/chaos_scenarios.yml', line: 10 })
    expect(finding.message).toMatch(/Did you mean 'duration'/)
    expect(result(report, 'dry-run').status).toBe('failed')
  })

  it('config: healing rules and the SLO file are validated too', async () => {
    const dir = await cleanRepo()
    mkdirSync(path.join(dir, '.chaos-ci'))
    writeFileSync(path.join(dir, '.chaos-ci/slos.yml'), "http_req_duration: ['p95<300']\n")
    writeFileSync(path.join(dir, '.chaos-ci/heal-rules.yml'), 'rules:\n  - nme: x\n')
    const findings = result(await check(dir, {}, ['config']), 'config').findings
    expect(findings.map(f => f.file)).toEqual(['.chaos-ci/heal-rules.yml', '.chaos-ci/slos.yml'])
    expect(findings[1]!.message).toMatch(/'p95<300' is not a threshold expression/)
  })

  it('scripts: a script run directly without the executable bit; --fix sets just that bit', async () => {
    const dir = await cleanRepo()
    chmodSync(path.join(dir, 'scripts/setup.sh'), 0o644)
    const report = await check(dir, {}, ['scripts'])
    expect(result(report, 'scripts').findings.map(f => f.message)).toEqual([
      'scripts/setup.sh is run directly (in .github/workflows/ci.yml) but is not executable.'
    ])
    const before = snapshot(dir)
    const fixed = await check(dir, { fix: true }, ['scripts'])
    expect(fixed.passed).toBe(true)
    expect(result(fixed, 'scripts').fixed).toEqual(['scripts/setup.sh: made executable'])
    expect(changed(before, snapshot(dir))).toEqual(['scripts/setup.sh'])
    expect(statSync(path.join(dir, 'scripts/setup.sh')).mode & 0o777).toBe(0o755)
  })

  it('scripts: JavaScript and shell that do not parse, and Python when python3 is here', async () => {
    const dir = await cleanRepo()
    writeFileSync(path.join(dir, 'scripts/smoke.mjs'), 'console.log((\n')
    writeFileSync(path.join(dir, 'scripts/setup.sh'), '#!/bin/sh\nif then\n')
    writeFileSync(path.join(dir, 'scripts/seed.py'), 'def f(:\n  pass\n')
    writeFileSync(
      path.join(dir, '.github/workflows/ci.yml'),
      `${WORKFLOW}      - run: python3 scripts/seed.py\n`
    )
    const report = result(await check(dir, {}, ['scripts']), 'scripts')
    const broken = report.findings.map(f => f.file).sort()
    const python = spawnSync('python3', ['--version']).status === 0
    expect(broken).toEqual(
      python
        ? ['scripts/seed.py', 'scripts/setup.sh', 'scripts/smoke.mjs']
        : ['scripts/setup.sh', 'scripts/smoke.mjs']
    )
    expect(report.summary).toMatch(python ? /^3 script\(s\)/ : /python3 is not installed here/)
    // Python is compiled in memory: no __pycache__ is left behind.
    expect(() => statSync(path.join(dir, 'scripts/__pycache__'))).toThrow()
  })

  it('scripts: TypeScript is said not to be parsed when the project has no compiler', async () => {
    const dir = await cleanRepo()
    writeFileSync(path.join(dir, 'scripts/seed.ts'), 'const n: number = 1\nexport const m = (n +\n')
    writeFileSync(
      path.join(dir, '.github/workflows/ci.yml'),
      `${WORKFLOW}      - run: npx tsx scripts/seed.ts\n`
    )
    const without = result(await check(dir, {}, ['scripts']), 'scripts')
    expect(without.status).toBe('passed')
    expect(without.summary).toMatch(/scripts\/seed\.ts: the project has no TypeScript compiler/)
    // With the project's compiler: tests/e2e/cli.test.ts (jest's module loader will not load it).
  })

  it('dry-run: a type that does not exist stops the plan, with the line', async () => {
    const dir = await cleanRepo()
    writeFileSync(
      path.join(dir, 'deploy/chaos_scenarios.yml'),
      SCENARIOS.replace('network_delay', 'network_dealy')
    )
    const finding = result(await check(dir, {}, ['dry-run']), 'dry-run').findings[0]!
    expect(finding).toMatchObject({ file: 'deploy/chaos_scenarios.yml', line: 8 })
    expect(finding.message).toMatch(/Did you mean 'network_delay'/)
  })

  it('workflows: an alias bomb is refused at the alias, before GitHub’s parser is given it', async () => {
    const dir = await cleanRepo()
    // 9^6 strings: GitHub's parser needs seconds for this, and 9 times more for each level added
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x]']
    for (const [from, to] of ['ab', 'bc', 'cd', 'de', 'ef'])
      laughs.push(`${to}: &${to} [${Array(9).fill(`*${from}`).join(', ')}]`)
    writeFileSync(
      path.join(dir, '.github/workflows/ci.yml'),
      WORKFLOW.replace(
        'permissions:',
        `env:\n${laughs.map(l => `  ${l}`).join('\n')}\npermissions:`
      )
    )
    const outcome = result(await check(dir, {}, ['workflows']), 'workflows')
    expect(outcome.findings).toEqual([
      {
        message: 'YAML aliases expand to more than 100,000 characters (here, *d).',
        file: '.github/workflows/ci.yml',
        line: 8,
        column: 34,
        fix: 'Write the values out, or use fewer aliases.'
      }
    ])
  })

  it('health: skipped when the service is down, failed with --require-service or when unhealthy', async () => {
    const dir = await cleanRepo()
    const down = new URL(`http://127.0.0.1:${await closedPort()}/health`)
    expect(result(await check(dir, { targetUrl: down }, ['health']), 'health').status).toBe(
      'skipped'
    )
    const required = await check(dir, { targetUrl: down, requireService: true }, ['health'])
    expect(result(required, 'health').findings[0]!.message).toMatch(/connection refused/)
    const sick = await scriptedServer([{ status: 503 }])
    const well = await scriptedServer([{ status: 200 }])
    servers.push(sick, well)
    expect(
      result(await check(dir, { targetUrl: new URL(sick.url) }, ['health']), 'health').status
    ).toBe('failed')
    expect(
      result(await check(dir, { targetUrl: new URL(well.url) }, ['health']), 'health').status
    ).toBe('passed')
  })

  it('placeholders: a step or a job still using OWNER/, each with its line and the fix', async () => {
    const dir = await cleanRepo()
    writeFileSync(
      path.join(dir, '.github/workflows/chaos.yml'),
      `on: push
jobs:
  chaos:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
      - uses: OWNER/chaos-ci/actions/health@v1
        with:
          url: http://127.0.0.1:8000/health
      - uses: acme/chaos-ci@v1
  shared:
    uses: OWNER/chaos-ci/.github/workflows/chaos.yml@v1
`
    )
    const report = await check(dir, {}, ['placeholders'])
    const found = result(report, 'placeholders')
    expect(found.status).toBe('failed')
    expect(found.summary).toBe('4 uses: in 2 workflow(s)')
    expect(found.findings.map(f => [f.file, f.line])).toEqual([
      ['.github/workflows/chaos.yml', 7],
      ['.github/workflows/chaos.yml', 12]
    ])
    expect(found.findings[0]!.message).toMatch(
      /^uses: OWNER\/chaos-ci\/actions\/health@v1 still has the placeholder OWNER/
    )
    expect(found.findings[0]!.fix).toMatch(
      /e\.g\. your-org\/chaos-ci\/actions\/health@v1; in chaos-ci's own repository, \.\/actions\/health\./
    )
    // a placeholder outside uses: (a comment, a run: line) is no step GitHub resolves
    writeFileSync(
      path.join(dir, '.github/workflows/chaos.yml'),
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      # uses: OWNER/chaos-ci@v1\n      - run: echo OWNER/chaos-ci@v1\n'
    )
    expect(result(await check(dir, {}, ['placeholders']), 'placeholders').status).toBe('passed')
  })

  it('permissions: a hook git would skip; --fix makes only it executable', async () => {
    const dir = await cleanRepo()
    chmodSync(path.join(dir, '.githooks/pre-commit'), 0o644)
    expect(result(await check(dir, {}, ['permissions']), 'permissions').findings[0]!.message).toBe(
      '.githooks/pre-commit is not executable, so git does not run it.'
    )
    const before = snapshot(dir)
    expect((await check(dir, { fix: true }, ['permissions'])).passed).toBe(true)
    expect(changed(before, snapshot(dir))).toEqual(['.githooks/pre-commit'])
  })
})

describe('selection', () => {
  it('runs --only and leaves out --skip, by name', () => {
    expect(selectChecks(['config', 'health'], [])).toEqual(['config', 'health'])
    expect(selectChecks([], ['dependencies', 'health'])).toEqual([
      'config',
      'scripts',
      'dry-run',
      'workflows',
      'placeholders',
      'permissions'
    ])
  })

  it('refuses an unknown name and lists the valid ones', () => {
    expect(() => selectChecks([], ['dry_run'])).toThrow(
      /no check named 'dry_run'\. Did you mean 'dry-run'/
    )
    expect(() => selectChecks(['lint'], [])).toThrow(
      expect.objectContaining({
        fix: 'Use one of: dependencies, config, scripts, dry-run, health, workflows, placeholders, permissions.'
      })
    )
  })
})

describe('the pre-push hook', () => {
  it('installs once, changes nothing the second time, and never overwrites a foreign hook without --force', async () => {
    const dir = await tempDir('chaos-ci-hook-')
    spawnSync('git', ['init', '-q'], { cwd: dir })
    const first = await installHook(dir, false)
    expect(first.action).toBe('installed')
    expect(readFileSync(first.file, 'utf8')).toBe(HOOK_SCRIPT)
    expect(statSync(first.file).mode & 0o111).not.toBe(0)
    expect((await installHook(dir, false)).action).toBe('unchanged')
    writeFileSync(first.file, '#!/bin/sh\nmake lint\n')
    await expect(installHook(dir, false)).rejects.toThrow(
      /already exists and is not chaos-ci's hook/
    )
    expect(readFileSync(first.file, 'utf8')).toBe('#!/bin/sh\nmake lint\n')
    const forced = await installHook(dir, true)
    expect(forced.action).toBe('replaced')
    expect(readFileSync(forced.backup!, 'utf8')).toBe('#!/bin/sh\nmake lint\n')
    expect(readFileSync(forced.file, 'utf8')).toBe(HOOK_SCRIPT)
  })
})
