/**
 * GitHub's local action runner, @github/local-action (pinned in devDependencies), runs our actions
 * from src/ as docs/local-action.md tells a developer to: health against a local server, then
 * history with its post step, which records health's results file and saves the database into the
 * tool's local cache, so that the next run's main restores it. Each run is the real tool in its own
 * process (tsx, its @actions/core and @actions/cache stubs), from the repository root.
 */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import { openHistory, queryRows } from '../../../src/core/history/db.js'
import { ROOT } from '../../helpers/action-runner.js'
import { tempDir } from '../../helpers/processes.js'
import { scriptedServer, type TestServer } from '../../helpers/servers.js'

const BIN = path.join(ROOT, 'node_modules/@github/local-action/bin/local-action.js')

interface LocalRun {
  code: number | null
  stdout: string
  outputs: Record<string, string>
}

/** Runs `local-action <args>` from the repository root with only PATH and HOME from this process. */
function localAction(args: string[]): Promise<LocalRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    child.stdout.on('data', chunk => (stdout += chunk))
    child.stderr.on('data', chunk => (stdout += chunk))
    child.on('error', reject)
    child.on('close', code => {
      // local-action's @actions/core stub prints each setOutput as a ::set-output line
      const outputs = Object.fromEntries(
        [...stdout.matchAll(/^::set-output name=([\w-]+)::(.*)$/gm)].map(m => [m[1]!, m[2]!])
      )
      resolve({ code, stdout, outputs })
    })
  })
}

/** A dotenv file of `vars` (local-action's third argument), written into `dir`. */
async function envFile(dir: string, name: string, vars: Record<string, string>): Promise<string> {
  const file = path.join(dir, name)
  await writeFile(
    file,
    Object.entries(vars)
      .map(([key, value]) => `${key}=${value}\n`)
      .join('')
  )
  return file
}

describe('the actions under @github/local-action', () => {
  let temp: string
  let server: TestServer
  let results: string
  let cache: string

  beforeAll(async () => {
    temp = await tempDir('chaos-ci-local-action-')
    results = path.join(temp, 'results')
    cache = path.join(temp, 'cache')
    await mkdir(results)
    await mkdir(cache)
    server = await scriptedServer([{ status: 200, body: { status: 'healthy' } }])
  })

  afterAll(async () => {
    await server.close()
    await rm(temp, { recursive: true, force: true })
  })

  /** What every run's dotenv file holds besides its inputs. */
  const runner = (): Record<string, string> => ({
    GITHUB_STEP_SUMMARY: path.join(temp, 'summary.md'),
    RUNNER_TEMP: temp,
    LOCAL_ACTION_WORKSPACE: temp,
    LOCAL_ACTION_CACHE_PATH: cache,
    GITHUB_WORKSPACE: temp
  })

  it('runs health against a local server: its outputs and its results file', async () => {
    const env = await envFile(temp, 'health.env', {
      ...runner(),
      INPUT_URL: `${server.url}/api/health`,
      'INPUT_REQUIRED-SUCCESSES': '2',
      'INPUT_RESULTS-DIR': results
    })
    const run = await localAction(['actions/health', '../../src/actions/health/run.ts', env])
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({ healthy: 'true', attempts: '2', 'last-status': '200' })
    expect(server.hits()).toBe(2)
    const files = readdirSync(results).filter(file => file.startsWith('health-'))
    expect(files).toHaveLength(1)
    const written = JSON.parse(readFileSync(path.join(results, files[0]!), 'utf8')) as {
      stage: string
      status: string
    }
    expect(written).toMatchObject({ stage: 'health', status: 'passed' })
  }, 120_000)

  it("runs history's main and post: post records the results and saves the database, the next main restores it", async () => {
    const db = path.join(temp, 'history.db')
    const inputs = { ...runner(), INPUT_DB: db, 'INPUT_RESULTS-DIR': results }
    const first = await localAction([
      'actions/history',
      '../../src/actions/history/run.ts',
      await envFile(temp, 'history-1.env', { ...inputs, GITHUB_RUN_ID: '101' }),
      // local-action resolves --post from the working directory, not the action's (github/local-action#271)
      '--post',
      'src/actions/history/post.ts'
    ])
    expect(first.code).toBe(0)
    expect(first.outputs).toMatchObject({ restored: 'false' })
    expect(first.stdout).toMatch(/Running Post Step[\s\S]*history: recorded 1 results file\(s\)/)
    expect(
      readdirSync(cache).filter(file => file.startsWith('chaos-history-v1-101-1'))
    ).toHaveLength(1)

    await rm(db)
    const second = await localAction([
      'actions/history',
      '../../src/actions/history/run.ts',
      await envFile(temp, 'history-2.env', { ...inputs, GITHUB_RUN_ID: '102' })
    ])
    expect(second.code).toBe(0)
    expect(second.outputs).toMatchObject({ restored: 'true' })
    expect(existsSync(db)).toBe(true)
    const history = await openHistory(db)
    try {
      const rows = queryRows(history, 'SELECT stage, status FROM stage_results')
      expect(rows).toContainEqual(expect.objectContaining({ stage: 'health', status: 'passed' }))
    } finally {
      history.close()
    }
  }, 180_000)
})
