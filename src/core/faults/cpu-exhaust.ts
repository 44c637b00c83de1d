/**
 * `cpu_exhaust` (seed: stress-ng with 2/4/8 workers): N busy CPU workers for the fault's duration,
 * with stress-ng when it is installed. Measured: the CPU time they burned. Efficacy: at least a
 * quarter of what min(N, cores) busy cores could burn in that time (they share the runner with the
 * service and the traffic).
 */
import os from 'node:os'

import { byIntensity, type FaultPlugin, Params } from './plugin.js'
import { LOAD_TOOLS, type LoadTool, startLoad } from './workers.js'

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
    const load = await startLoad({ kind: 'cpu', count: workers, tool }, target.rollback, target.env)
    let seconds = 0
    let wall = 0
    // Registered after the load, so it runs before the load is stopped (undos run newest first).
    target.rollback.register('measure the CPU load', () => {
      wall = (performance.now() - started) / 1000
      seconds = load.measure().cpuSeconds
    })
    const details: Record<string, unknown> = { workers, tool: load.tool, pids: load.pids }
    return {
      details,
      efficacy: () => {
        const cores = Math.min(workers, os.availableParallelism())
        const possible = cores * wall
        details.cpu_seconds = seconds
        return {
          landed: seconds >= possible * 0.25,
          detail: `${seconds.toFixed(1)} CPU s burned by ${workers} worker(s) (${Math.round((100 * seconds) / Math.max(possible, 0.001))}% of ${cores} core(s) × ${wall.toFixed(1)} s)`
        }
      }
    }
  }
}
