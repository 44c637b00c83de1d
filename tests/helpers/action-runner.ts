/**
 * The end-to-end harness: runs a bundled action exactly as the runner does — `node dist/<name>/index.js`
 * in a workspace, with INPUT_* variables (action.yml defaults filled in, as the runner does), temp
 * GITHUB_OUTPUT, GITHUB_STATE, GITHUB_STEP_SUMMARY and GITHUB_EVENT_PATH files and the GITHUB_* run
 * variables — and returns the parsed outputs, state, summary, annotations and exit code.
 * `runPost` runs the `post:` entry with the state main saved, passed as STATE_* variables.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import * as yaml from 'js-yaml'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export interface Annotation {
  level: 'error' | 'warning' | 'notice'
  message: string
  properties: Record<string, string>
}

export interface ActionRun {
  exitCode: number | null
  /** The signal that ended the process (null when it exited): SIGKILL is the harness's timeout. */
  killedBy: NodeJS.Signals | null
  outputs: Record<string, string>
  state: Record<string, string>
  summary: string
  annotations: Annotation[]
  stdout: string
  stderr: string
  /** The workspace the action ran in (its cwd); results files land here. */
  workspace: string
  durationMs: number
}

export interface RunOptions {
  inputs?: Record<string, string>
  /** Extra or overriding environment variables. */
  env?: Record<string, string>
  /** The event payload written to GITHUB_EVENT_PATH. */
  event?: unknown
  eventName?: string
  /** Reuse a workspace (e.g. the one main ran in). */
  workspace?: string
  /** Skip filling in action.yml defaults: only `inputs` are set (as with a bare `node dist/...`). */
  noDefaults?: boolean
  /** Kill the action after this long. */
  timeoutMs?: number
  /**
   * Send a signal as the runner does when a job is cancelled: `afterMs` after start, or, with `when`,
   * as soon as that check (polled every 20 ms, given the stdout so far and the process id) says the
   * action is where the test wants it.
   */
  signal?: {
    name: NodeJS.Signals
    afterMs?: number
    when?: (stdout: string, pid: number) => boolean
  }
}

export interface ActionYml {
  name: string
  description: string
  inputs?: Record<string, { description: string; required?: boolean; default?: string }>
  outputs?: Record<string, { description: string }>
  runs: { using: string; main: string; post?: string }
}

/** An action's folder: `actions/<name>` of this repository, or any path containing a slash. */
export function actionDir(name: string): string {
  return name.includes('/') ? path.resolve(ROOT, name) : path.join(ROOT, 'actions', name)
}

export async function loadActionYml(name: string): Promise<ActionYml> {
  return yaml.load(await readFile(path.join(actionDir(name), 'action.yml'), 'utf8')) as ActionYml
}

/** The runner's name for an input's variable: spaces to `_`, upper case, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** Parses the `name<<delimiter … delimiter` file-command format of GITHUB_OUTPUT and GITHUB_STATE. */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]!)
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1)
      values[heredoc[1]!] = lines.slice(i + 1, end).join('\n')
      i = end
    } else if (lines[i]!.includes('=')) {
      const at = lines[i]!.indexOf('=')
      values[lines[i]!.slice(0, at)] = lines[i]!.slice(at + 1)
    }
  }
  return values
}

const unescapeData = (text: string): string =>
  text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
const unescapeProperty = (text: string): string =>
  unescapeData(text).replace(/%3A/g, ':').replace(/%2C/g, ',')

/** Parses `::error file=a,line=1::message` workflow commands from stdout. */
export function parseAnnotations(stdout: string): Annotation[] {
  const found: Annotation[] = []
  for (const match of stdout.matchAll(/^::(error|warning|notice)( [^:]*)?::(.*)$/gm)) {
    const properties: Record<string, string> = {}
    for (const pair of (match[2] ?? '').trim().split(',').filter(Boolean)) {
      const at = pair.indexOf('=')
      properties[pair.slice(0, at)] = unescapeProperty(pair.slice(at + 1))
    }
    found.push({
      level: match[1] as Annotation['level'],
      message: unescapeData(match[3]!),
      properties
    })
  }
  return found
}

function baseEnv(
  workspace: string,
  files: Record<string, string>,
  eventName: string
): Record<string, string> {
  const keep = ['PATH', 'HOME', 'LANG', 'TMPDIR', 'SYSTEMROOT']
  const env: Record<string, string> = {}
  for (const key of keep) if (process.env[key]) env[key] = process.env[key]!
  return {
    ...env,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'octo-org/demo-service',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'chaos',
    GITHUB_ACTION: '__chaos-ci_health',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_NAME: eventName,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    // honoured only when a test points GITHUB_API_URL at a fake on 127.0.0.1 (src/github/octokit.ts)
    CHAOS_CI_FAKE_GITHUB_API: '1',
    RUNNER_OS: 'Linux',
    RUNNER_TEMP: files.temp!,
    GITHUB_OUTPUT: files.output!,
    GITHUB_STATE: files.state!,
    GITHUB_STEP_SUMMARY: files.summary!,
    GITHUB_EVENT_PATH: files.event!
  }
}

async function execEntry(
  entry: string,
  env: Record<string, string>,
  cwd: string,
  options: RunOptions
): Promise<{
  code: number | null
  killedBy: NodeJS.Signals | null
  stdout: string
  stderr: string
}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
    const signal = options.signal
    const signaller =
      signal &&
      (signal.when
        ? setInterval(() => {
            if (!signal.when!(stdout, child.pid!)) return
            clearInterval(signaller)
            child.kill(signal.name)
          }, 20)
        : setTimeout(() => child.kill(signal.name), signal.afterMs ?? 0))
    child.on('error', reject)
    child.on('close', (code, killedBy) => {
      clearTimeout(timer)
      clearInterval(signaller)
      resolve({ code, killedBy, stdout, stderr })
    })
  })
}

async function runEntry(
  name: string,
  kind: 'main' | 'post',
  options: RunOptions,
  state: Record<string, string>
): Promise<ActionRun> {
  const action = await loadActionYml(name)
  const target = kind === 'main' ? action.runs.main : action.runs.post
  if (!target) throw new Error(`actions/${name}/action.yml has no ${kind}`)
  const workspace =
    options.workspace ?? (await mkdtemp(path.join(os.tmpdir(), `chaos-ci-${path.basename(name)}-`)))
  const files: Record<string, string> = {}
  for (const file of ['output', 'state', 'summary', 'event']) {
    files[file] = path.join(workspace, `.runner-${kind}-${file}`)
    await writeFile(files[file], file === 'event' ? JSON.stringify(options.event ?? {}) : '')
  }
  files.temp = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-runner-temp-'))
  const env = baseEnv(workspace, files, options.eventName ?? 'push')
  if (!options.noDefaults) {
    for (const [input, spec] of Object.entries(action.inputs ?? {}))
      env[inputVariable(input)] = spec.default ?? ''
  }
  for (const [input, value] of Object.entries(options.inputs ?? {}))
    env[inputVariable(input)] = value
  for (const [key, value] of Object.entries(state)) env[`STATE_${key}`] = value
  Object.assign(env, options.env)
  const started = Date.now()
  const entry = path.resolve(actionDir(name), target)
  const { code, killedBy, stdout, stderr } = await execEntry(entry, env, workspace, options)
  return {
    exitCode: code,
    killedBy,
    outputs: parseFileCommands(await readFile(files.output!, 'utf8')),
    state: parseFileCommands(await readFile(files.state!, 'utf8')),
    summary: await readFile(files.summary!, 'utf8'),
    annotations: parseAnnotations(stdout),
    stdout,
    stderr,
    workspace,
    durationMs: Date.now() - started
  }
}

/** Runs `actions/<name>`'s main entry as the runner would. */
export function runAction(name: string, options: RunOptions = {}): Promise<ActionRun> {
  return runEntry(name, 'main', options, {})
}

/** Runs `actions/<name>`'s post entry in main's workspace, with the state main saved. */
export function runPost(
  name: string,
  main: ActionRun,
  options: RunOptions = {}
): Promise<ActionRun> {
  return runEntry(name, 'post', { workspace: main.workspace, ...options }, main.state)
}
