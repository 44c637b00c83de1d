/**
 * `memory_leak` (seed: 256M/512M/1G): a worker process (stress-ng's vm worker when it is installed,
 * unless ramping) allocates `memory_size` and touches every page, over `ramp_seconds` (a leak) or at once, and holds it until the rollback. It is
 * a separate process, so the runner's memory pressure is real while chaos-ci itself stays small.
 * Measured: the worker's peak RSS. Efficacy: the peak reached 90% of the size asked for.
 */
import { byIntensity, type FaultPlugin, Params } from './plugin.js'
import { LOAD_TOOLS, type LoadTool, parseSize, startLoad } from './workers.js'

const MIB = 1024 * 1024

interface Settings {
  bytes: number
  rampMs: number
  tool: LoadTool
}

export const memoryLeak: FaultPlugin<Settings> = {
  type: 'memory_leak',
  route: 'tcp',
  settings(scenario, file) {
    const params = new Params(scenario, file)
    const text =
      params.string('memory_size') ??
      byIntensity(scenario, { light: '256M', medium: '512M', heavy: '1G' })
    const bytes = parseSize(text)
    if (bytes === null || bytes < MIB)
      return params.invalid(
        'memory_size',
        `parameter memory_size is '${text}'.`,
        'Write a size such as 256M, 512MB or 1G.'
      )
    return {
      bytes,
      rampMs: params.number('ramp_seconds', 0, 0, 3600) * 1000,
      tool: params.choice('tool', LOAD_TOOLS, 'auto')
    }
  },
  describe: ({ bytes, rampMs }) =>
    `a worker process holds ${Math.round(bytes / MIB)} MiB${rampMs ? `, allocated over ${rampMs / 1000} s` : ''}`,
  async apply({ bytes, rampMs, tool }, target) {
    const load = await startLoad(
      { kind: 'memory', count: 1, bytes, rampMs, tool },
      target.rollback,
      target.env
    )
    let peak = 0
    const timer = setInterval(() => (peak = Math.max(peak, load.measure().rssBytes)), 100)
    target.rollback.register('measure the memory load', () => {
      clearInterval(timer)
      peak = Math.max(peak, load.measure().rssBytes)
    })
    const details: Record<string, unknown> = { bytes, tool: load.tool, pids: load.pids }
    return {
      details,
      efficacy: () => {
        details.peak_rss_bytes = peak
        return {
          landed: peak >= bytes * 0.9,
          detail: `peak RSS ${Math.round(peak / MIB)} MiB of ${Math.round(bytes / MIB)} MiB asked`
        }
      }
    }
  }
}
