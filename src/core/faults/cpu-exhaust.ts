/**
 * `cpu_exhaust` (seed: stress-ng with 2/4/8 workers): N busy-loop worker processes for the fault's
 * duration. Measured: the CPU time they burned. Efficacy: at least a quarter of what min(N, cores)
 * busy cores could burn in that time (they share the runner with the service and the traffic).
 */
import os from 'node:os'

import { cpuTicks } from '../process/find.js'
import { byIntensity, type FaultPlugin, Params } from './plugin.js'
import { startWorker } from './workers.js'

const TICKS_PER_SECOND = 100

export const cpuExhaust: FaultPlugin<{ workers: number }> = {
  type: 'cpu_exhaust',
  route: 'tcp',
  settings: (scenario, file) => ({
    workers: new Params(scenario, file).number(
      'cpu_workers',
      byIntensity(scenario, { light: 2, medium: 4, heavy: 8 }),
      1,
      256
    )
  }),
  describe: ({ workers }) => `${workers} busy CPU worker process(es)`,
  apply({ workers }, target) {
    const started = performance.now()
    const pids: number[] = []
    const burned = new Map<number, number>()
    let wall = 0
    for (let i = 0; i < workers; i++)
      pids.push(startWorker('cpu', [], target.rollback, target.env).pid)
    // Registered after the workers, so it runs before their stop (undos run newest first).
    target.rollback.register('measure the CPU workers', () => {
      wall = (performance.now() - started) / 1000
      for (const pid of pids) burned.set(pid, cpuTicks(pid) ?? 0)
    })
    const details: Record<string, unknown> = { workers, pids }
    return {
      details,
      efficacy: () => {
        const seconds = [...burned.values()].reduce((a, b) => a + b, 0) / TICKS_PER_SECOND
        const possible = Math.min(workers, os.availableParallelism()) * wall
        details.cpu_seconds = seconds
        return {
          landed: seconds >= possible * 0.25,
          detail: `${seconds.toFixed(1)} CPU s burned by ${workers} worker(s) (${Math.round((100 * seconds) / Math.max(possible, 0.001))}% of ${Math.min(workers, os.availableParallelism())} core(s) × ${wall.toFixed(1)} s)`
        }
      }
    }
  }
}
