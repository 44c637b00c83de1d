/**
 * `cpu_exhaust` (seed: stress-ng with 2/4/8 workers): N busy CPU workers for the fault's duration,
 * with stress-ng when it is installed. Efficacy is the contention the service sees (issue #20):
 * the machine's CPUs busy during the fault, from /proc/stat, whoever burns them — at least 80% of
 * the min(N, CPUs) the fault asks for. A machine that other work already saturates is contended
 * even when the workers get little of it. The workers' own CPU time is measured too, and a quarter
 * of what min(N, cores) busy cores could burn also counts as landed (a CPU-limited container sees
 * the host's CPUs in /proc/stat).
 */
import os from 'node:os'

import { cpuBusy, cpuSample } from './machine.js'
import { byIntensity, type FaultPlugin, Params } from './plugin.js'
import { LOAD_TOOLS, type LoadTool, startLoad } from './workers.js'

/** The share of min(N, CPUs) busy that counts as contention. */
const WANTED = 0.8

/** Whether the fault landed, and why, from what was measured. */
export function cpuEfficacy(m: {
  workers: number
  cores: number
  cpus: number
  wallSeconds: number
  workerSeconds: number
  machineBusy: number | null
}): { landed: boolean; detail: string } {
  const cores = Math.min(m.workers, m.cores)
  const possible = cores * m.wallSeconds
  const own = m.workerSeconds / Math.max(possible, 0.001)
  const wanted = (WANTED * Math.min(m.workers, m.cpus)) / m.cpus
  const pct = (x: number): string => `${Math.round(100 * x)}%`
  const machine =
    m.machineBusy === null
      ? 'machine CPU time unknown (no /proc/stat)'
      : `machine CPUs ${pct(m.machineBusy)} busy during the fault, whoever burns them (${pct(wanted)} of ${m.cpus} wanted)`
  return {
    landed: (m.machineBusy !== null && m.machineBusy >= wanted) || own >= 0.25,
    detail: `${machine}; ${m.workerSeconds.toFixed(1)} CPU s burned by ${m.workers} worker(s) (${pct(own)} of ${cores} core(s) × ${m.wallSeconds.toFixed(1)} s)`
  }
}

export const cpuExhaust: FaultPlugin<{ workers: number; tool: LoadTool }> = {
  type: 'cpu_exhaust',
  route: 'tcp',
  settings(scenario, file) {
    const params = new Params(scenario, file)
    return {
      workers: params.number(
        'cpu_workers',
        byIntensity(scenario, { light: 2, medium: 4, heavy: 8 }),
        1,
        256
      ),
      tool: params.choice('tool', LOAD_TOOLS, 'auto')
    }
  },
  describe: ({ workers }) => `${workers} busy CPU worker(s) (stress-ng if installed)`,
  async apply({ workers, tool }, target) {
    const started = performance.now()
    const before = cpuSample()
    const load = await startLoad({ kind: 'cpu', count: workers, tool }, target.rollback, target.env)
    let seconds = 0
    let wall = 0
    let busy: number | null = null
    // Registered after the load, so it runs before the load is stopped (undos run newest first).
    target.rollback.register('measure the CPU load', () => {
      wall = (performance.now() - started) / 1000
      seconds = load.measure().cpuSeconds
      busy = cpuBusy(before, cpuSample())
    })
    const details: Record<string, unknown> = { workers, tool: load.tool, pids: load.pids }
    return {
      details,
      efficacy: () => {
        details.cpu_seconds = seconds
        details.machine_cpu_busy_percent = busy === null ? null : Math.round(1000 * busy) / 10
        return cpuEfficacy({
          workers,
          cores: os.availableParallelism(),
          cpus: before?.cpus ?? os.availableParallelism(),
          wallSeconds: wall,
          workerSeconds: seconds,
          machineBusy: busy
        })
      }
    }
  }
}
