/**
 * Resource loads for cpu_exhaust, memory_leak and disk_stress: stress-ng when it is installed (the
 * seed's tool), else built-in workers, each a child Node process (so the healer, the traffic
 * generator and the proxy keep running). Every load's stop is registered before it starts and saved
 * for the post step as a PID (with its start time) to kill; what it did is measured from /proc over
 * its process tree. Every load exits by itself within about a second if chaos-ci dies
 * (worker-scripts.ts): the built-in workers themselves, stress-ng through its shell tether.
 */
import { type BackgroundProcess, startBackground } from '../exec/background.js'
import { descendants, identify } from '../exec/process-tree.js'
import { runCommand } from '../exec/run-command.js'
import type { Rollback } from '../experiment/rollback.js'
import { cpuTicks, rssBytes, writtenBytes } from '../process/find.js'
import { CPU, DISK, MEMORY, TETHER } from './worker-scripts.js'

export type LoadKind = 'cpu' | 'memory' | 'disk'

export interface LoadSpec {
  kind: LoadKind
  /** Workers (CPU, disk) or 1 (memory). */
  count: number
  /** memory: the size to hold; disk: each worker's file cap. */
  bytes?: number
  /** memory: allocate over this long (built-in only: stress-ng allocates at once). */
  rampMs?: number
  /** disk: the folder to write in. */
  folder?: string
  /** `auto` (stress-ng when installed), `stress-ng` or `built-in`. */
  tool: LoadTool
}

export const LOAD_TOOLS = ['auto', 'stress-ng', 'built-in'] as const
export type LoadTool = (typeof LOAD_TOOLS)[number]

export interface LoadStats {
  cpuSeconds: number
  rssBytes: number
  writtenBytes: number
}

export interface Load {
  /** `stress-ng <version>` or `built-in`. */
  tool: string
  pids: number[]
  /** Totals over every process of the load now (read it before the load is stopped). */
  measure(): LoadStats
}

const TICKS_PER_SECOND = 100

/** The installed stress-ng's version line, or null. */
export async function stressNgVersion(env: NodeJS.ProcessEnv): Promise<string | null> {
  try {
    let out = ''
    const result = await runCommand(
      { argv: ['stress-ng', '--version'] },
      { env, timeoutMs: 5000, onOutput: text => (out += text) }
    )
    return result.exitCode === 0 ? out.trim().split('\n')[0]! : null
  } catch {
    return null
  }
}

function stressNgArgs(spec: LoadSpec): string[] {
  switch (spec.kind) {
    case 'cpu':
      return ['--cpu', String(spec.count), '--timeout', '24h']
    case 'memory':
      return ['--vm', '1', '--vm-bytes', String(spec.bytes), '--vm-keep', '--timeout', '24h']
    case 'disk':
      return [
        '--hdd',
        String(spec.count),
        '--hdd-bytes',
        String(spec.bytes),
        '--hdd-opts',
        'fsync',
        '--temp-path',
        spec.folder!,
        '--timeout',
        '24h'
      ]
  }
}

function builtInArgs(spec: LoadSpec): string[] {
  if (spec.kind === 'memory') return [String(spec.bytes), String(spec.rampMs ?? 0)]
  if (spec.kind === 'disk') return [spec.folder!, String(spec.bytes)]
  return []
}

const CODE: Record<LoadKind, string> = { cpu: CPU, memory: MEMORY, disk: DISK }

/**
 * Starts one load process on a lifeline; its stop is registered before it starts, and saved for the
 * post step (with the PID's identity) after.
 */
function start(
  name: string,
  argv: string[],
  rollback: Rollback,
  env: NodeJS.ProcessEnv
): BackgroundProcess {
  let process_: BackgroundProcess | null = null
  rollback.register(`stop the ${name}`, () => process_?.stop(1000))
  process_ = startBackground(argv[0]!, argv.slice(1), { env, lifeline: true })
  const pid = process_.pid
  rollback.register(`check the ${name} ${pid} is gone`, () => process_?.stop(1000), {
    kind: 'kill',
    name: `${name} ${pid}`,
    pid,
    ...identify(pid)
  })
  return process_
}

/** Starts a load: stress-ng with all its workers, or one built-in process per worker. */
export async function startLoad(
  spec: LoadSpec,
  rollback: Rollback,
  env: NodeJS.ProcessEnv
): Promise<Load> {
  const wanted = spec.tool !== 'built-in' && !(spec.kind === 'memory' && spec.rampMs)
  const version = wanted ? await stressNgVersion(env) : null
  if (spec.tool === 'stress-ng' && !version)
    throw new Error(
      spec.kind === 'memory' && spec.rampMs
        ? 'tool stress-ng cannot ramp memory: remove ramp_seconds or use tool: built-in'
        : 'tool stress-ng was asked for, but stress-ng is not installed (apt-get install stress-ng)'
    )
  const roots = version
    ? [
        start(
          `stress-ng ${spec.kind} load`,
          ['sh', '-c', TETHER, 'tether', 'stress-ng', ...stressNgArgs(spec)],
          rollback,
          env
        )
      ]
    : Array.from({ length: spec.count }, () =>
        start(
          `${spec.kind} worker`,
          [process.execPath, '-e', CODE[spec.kind], '--', ...builtInArgs(spec)],
          rollback,
          env
        )
      )
  return {
    tool: version ?? 'built-in',
    pids: roots.map(root => root.pid),
    measure: () => {
      const all = roots.flatMap(root => [root.pid, ...descendants(root.pid)])
      const sum = (read: (pid: number) => number | null): number =>
        all.reduce((total, pid) => total + (read(pid) ?? 0), 0)
      return {
        cpuSeconds: sum(cpuTicks) / TICKS_PER_SECOND,
        rssBytes: sum(rssBytes),
        writtenBytes: sum(writtenBytes)
      }
    }
  }
}

/** Parses a size such as 256M, 512MB, 1G or 1.5GiB into bytes; null when it is not one. */
export function parseSize(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$/i.exec(text)
  if (!match) return null
  const power = ['', 'k', 'm', 'g', 't'].indexOf(match[2]!.toLowerCase())
  return Math.round(Number(match[1]) * 1024 ** power)
}
