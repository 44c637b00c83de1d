/** The bundled `chaos-ci` CLI (dist/cli/index.js) as a child process, run as a user runs it. */
import { spawn } from 'node:child_process'
import path from 'node:path'

import { ROOT } from './action-runner.js'

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * This process's environment without the colour switches (jest's workers may carry FORCE_COLOR),
 * so that output is plain unless a test sets them.
 */
export function plainEnv(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const plain = { ...process.env }
  delete plain.FORCE_COLOR
  delete plain.NO_COLOR
  return { ...plain, ...env }
}

/** Runs `chaos-ci ARGS…` in `cwd`; `env` is added to this process's plain environment. */
export function runCli(args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/cli/index.js'), ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: plainEnv(env)
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', code => resolve({ code, stdout, stderr }))
  })
}
