/**
 * actions/service, the composite, run as the runner runs it: each step's `run:` with bash, in order,
 * its `if:` evaluated and its `env:` filled from the inputs and the earlier steps' outputs; the
 * health step runs the health action's bundle. Against the demo service: start, healthy, stop; a
 * service that dies at once (its log shown); and bad input.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'
import * as yaml from 'js-yaml'

import { isAlive } from '../../src/core/exec/process-tree.js'
import { parseFileCommands, ROOT } from '../helpers/action-runner.js'
import { tempDir } from '../helpers/processes.js'
import { closedPort } from '../helpers/servers.js'

interface Step {
  id?: string
  if?: string
  run: string
  env?: Record<string, string>
}

interface ActionYml {
  inputs: Record<string, { default?: string }>
  runs: { steps: Step[] }
}

const ACTION = path.join(ROOT, 'actions/service')
const yml = yaml.load(readFileSync(path.join(ACTION, 'action.yml'), 'utf8')) as ActionYml

interface CompositeRun {
  ok: boolean
  outputs: Record<string, Record<string, string>>
  stdout: string
}

/**
 * Runs the composite's steps as the runner does (only the expressions this action uses), in a
 * workspace under `temp`: never in the working tree, where the health step would write chaos-results/.
 */
async function runComposite(given: Record<string, string>, temp: string): Promise<CompositeRun> {
  const workspace = path.join(temp, 'workspace')
  mkdirSync(workspace, { recursive: true })
  const inputs = Object.fromEntries(
    Object.entries(yml.inputs).map(([name, spec]) => [name, given[name] ?? spec.default ?? ''])
  )
  const outputs: Record<string, Record<string, string>> = {}
  let failed = false
  let stdout = ''
  const value = (expression: string): string => {
    const input = /^inputs\.([\w-]+)$/.exec(expression)
    if (input) return inputs[input[1]!] ?? ''
    const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression)
    if (output) return outputs[output[1]!]?.[output[2]!] ?? ''
    throw new Error(`unsupported expression ${expression}`)
  }
  const holds = (condition: string | undefined): boolean =>
    (condition ?? 'success()').split('&&').every(term => {
      const t = term.trim()
      if (t === 'failure()') return failed
      if (t === 'success()') return !failed
      const m = /^([\w.-]+) (==|!=) '(.*)'$/.exec(t)
      if (!m) throw new Error(`unsupported condition ${t}`)
      return (value(m[1]!) === m[3]) === (m[2] === '==')
    }) &&
    (condition?.includes('failure()') || !failed)
  for (const step of yml.runs.steps) {
    if (!holds(step.if)) continue
    const outputFile = path.join(temp, `output-${step.id ?? 'step'}`)
    writeFileSync(outputFile, '')
    const env: Record<string, string> = {
      PATH: process.env.PATH!,
      HOME: process.env.HOME ?? temp,
      RUNNER_TEMP: temp,
      GITHUB_ACTION_PATH: ACTION,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: path.join(temp, 'summary'),
      GITHUB_WORKSPACE: workspace
    }
    for (const [name, raw] of Object.entries(step.env ?? {}))
      env[name] = raw.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, e: string) => value(e))
    const result = spawnSync('bash', ['-e', '-c', step.run], {
      cwd: workspace,
      env,
      encoding: 'utf8'
    })
    stdout += result.stdout + result.stderr
    if (step.id) outputs[step.id] = parseFileCommands(readFileSync(outputFile, 'utf8'))
    if (result.status !== 0) failed = true
  }
  return { ok: !failed, outputs, stdout }
}

describe('actions/service (composite, its steps run with bash)', () => {
  it('starts the demo service, waits until healthy, then stops its whole session', async () => {
    const temp = await tempDir('chaos-ci-service-')
    const port = await closedPort()
    const start = await runComposite(
      {
        command: `PORT=${port} READY_AFTER_MS=500 node ${path.join(ROOT, 'examples/demo-service/server.mjs')}`,
        'health-url': `http://127.0.0.1:${port}/api/health/ready`,
        'timeout-seconds': '20'
      },
      temp
    )
    expect(start.ok).toBe(true)
    const pid = Number(start.outputs.start!.pid)
    expect(isAlive(pid)).toBe(true)
    expect(start.outputs.health).toMatchObject({ healthy: 'true' })
    expect(readFileSync(start.outputs.start!['log-file']!, 'utf8')).toMatch(/listening on/)
    const stop = await runComposite({ stop: 'true' }, temp)
    expect(stop.ok).toBe(true)
    expect(stop.stdout).toMatch(new RegExp(`stopped PID ${pid}`))
    expect(isAlive(pid)).toBe(false)
    // Stopping again finds nothing to stop, and that is not an error.
    expect((await runComposite({ stop: 'true' }, temp)).stdout).toMatch(/nothing to stop/)
  })

  it('shows the end of the log when the service never becomes healthy', async () => {
    const temp = await tempDir('chaos-ci-service-')
    const run = await runComposite(
      {
        command: 'echo "config error: DATABASE_URL is not set" >&2; exit 3',
        'health-url': `http://127.0.0.1:${await closedPort()}/health`,
        'timeout-seconds': '1'
      },
      temp
    )
    expect(run.ok).toBe(false)
    expect(run.stdout).toMatch(/::group::chaos-ci service: the last 50 lines of/)
    expect(run.stdout).toMatch(/config error: DATABASE_URL is not set/)
  })

  it('refuses to start without a command or a health URL, saying which', async () => {
    const temp = await tempDir('chaos-ci-service-')
    const noCommand = await runComposite({ 'health-url': 'http://127.0.0.1:1/' }, temp)
    expect(noCommand.ok).toBe(false)
    expect(noCommand.stdout).toMatch(/::error title=chaos-ci service::command is empty/)
    const noUrl = await runComposite({ command: 'sleep 1' }, temp)
    expect(noUrl.stdout).toMatch(/health-url is empty/)
  })
})
