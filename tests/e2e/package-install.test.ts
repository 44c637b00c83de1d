/**
 * The package as a user gets it: `npm pack` of this checkout, installed into a fresh temporary
 * project with `npm install --offline` (so nothing can come from the registry: with no runtime
 * dependencies there is nothing to fetch), then `npx chaos-ci` there — --version, check (a scenario
 * file and workflows copied from the package's examples, OWNER replaced, and chaos-ci's own release
 * workflow), audit, and health against a server on 127.0.0.1. The temp folders are removed after.
 */
import { spawn } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import { VERSION } from '../../src/core/version.js'
import { ROOT } from '../helpers/action-runner.js'
import { tempDir } from '../helpers/processes.js'
import { scriptedServer, type TestServer } from '../helpers/servers.js'

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs `command args` in `cwd` with only PATH and HOME, so no npm_config_* of a parent npm leaks in. */
function run(command: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => (stdout += chunk))
    child.stderr.on('data', chunk => (stderr += chunk))
    child.on('error', reject)
    child.on('close', code => resolve({ code, stdout, stderr }))
  })
}

interface Packed {
  filename: string
  size: number
  unpackedSize: number
  files: Array<{ path: string }>
}

describe('the packed package, installed into a fresh project', () => {
  let temp: string
  let project: string
  let packed: Packed
  let install: Run
  let server: TestServer
  const installed = (file: string): string => path.join(project, 'node_modules/chaos-ci', file)

  beforeAll(async () => {
    temp = await tempDir('chaos-ci-pack-')
    project = path.join(temp, 'project')
    server = await scriptedServer([{ status: 200, body: { status: 'healthy' } }])
    const pack = await run('npm', ['pack', '--json', '--pack-destination', temp], ROOT)
    if (pack.code !== 0) throw new Error(`npm pack failed: ${pack.stderr}`)
    packed = (JSON.parse(pack.stdout) as Packed[])[0]!
    mkdirSync(project)
    writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'shop', version: '1.0.0', private: true })
    )
    install = await run(
      'npm',
      [
        'install',
        '--offline',
        '--no-audit',
        '--no-fund',
        '--save-dev',
        path.join(temp, packed.filename)
      ],
      project
    )
  }, 120_000)

  afterAll(async () => {
    await server.close()
    await rm(temp, { recursive: true, force: true })
  })

  it('ships dist/, the action.yml files, the examples, README, LICENSE and CHANGELOG, and no sources', () => {
    const files = packed.files.map(file => file.path)
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/cli/index.js',
        'dist/lib/index.js',
        'dist/lib/sql-wasm.wasm',
        'action.yml',
        'actions/health/action.yml',
        'examples/demo-service/server.mjs',
        'README.md',
        'LICENSE',
        'CHANGELOG.md',
        'package.json'
      ])
    )
    expect(files.filter(file => /^(src|tests|bench|scripts|node_modules)\//.test(file))).toEqual([])
  })

  it('installs as one package: no runtime dependency is fetched', () => {
    expect({ code: install.code, stderr: install.code ? install.stderr : '' }).toEqual({
      code: 0,
      stderr: ''
    })
    expect(install.stdout).toMatch(/added 1 package\b/)
    const manifest = JSON.parse(readFileSync(installed('package.json'), 'utf8')) as {
      dependencies?: object
      bin: Record<string, string>
    }
    expect(manifest.dependencies).toBeUndefined()
    expect(manifest.bin).toEqual({ 'chaos-ci': 'dist/cli/index.js' })
  })

  it('npx chaos-ci --version prints the version', async () => {
    const version = await run('npx', ['--no-install', 'chaos-ci', '--version'], project)
    expect(version).toMatchObject({ code: 0, stdout: `${VERSION}\n` })
  })

  it("npx chaos-ci check passes the examples (OWNER replaced), chaos-ci's release workflow and the service's health", async () => {
    mkdirSync(path.join(project, 'deploy'))
    copyFileSync(
      installed('examples/demo-service/chaos_scenarios.yml'),
      path.join(project, 'deploy/chaos_scenarios.yml')
    )
    mkdirSync(path.join(project, '.github/workflows'), { recursive: true })
    const example = readFileSync(installed('examples/workflows/pull-request.yml'), 'utf8')
    const workflow = path.join(project, '.github/workflows/chaos.yml')
    writeFileSync(workflow, example)
    const placeholder = await run(
      'npx',
      ['--no-install', 'chaos-ci', 'check', '--no-report'],
      project
    )
    expect(placeholder.code).toBe(1)
    expect(placeholder.stdout).toMatch(/✗ placeholders +failed/)

    writeFileSync(workflow, example.replaceAll('OWNER/', 'acme/'))
    copyFileSync(
      path.join(ROOT, '.github/workflows/release.yml'),
      path.join(project, '.github/workflows/release.yml')
    )
    const check = await run(
      'npx',
      [
        '--no-install',
        'chaos-ci',
        'check',
        '--target-url',
        server.url,
        '--require-service',
        '--no-report'
      ],
      project
    )
    expect({ code: check.code, out: check.code ? check.stdout + check.stderr : '' }).toEqual({
      code: 0,
      out: ''
    })
    expect(check.stdout).toMatch(
      /✓ workflows +passed +2 workflow\(s\), [1-9]\d* chaos-ci step\(s\)/
    )
    expect(check.stdout).toMatch(/✓ config +passed/)
    expect(check.stdout).toMatch(/✓ health +passed/)
  }, 60_000)

  it('npx chaos-ci audit and health work there', async () => {
    const audit = await run('npx', ['--no-install', 'chaos-ci', 'audit'], project)
    expect(audit.code).toBe(0)
    expect(audit.stdout).toMatch(/chaos-ci audit: no findings/)
    const health = await run(
      'npx',
      [
        '--no-install',
        'chaos-ci',
        'health',
        '--url',
        `${server.url}/api/health`,
        '--required-successes',
        '2'
      ],
      project
    )
    expect(health.code).toBe(0)
    expect(health.stdout).toMatch(/healthy/)
  }, 60_000)
})
