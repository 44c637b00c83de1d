/**
 * `memory_leak` (seed: 256M/512M/1G): a worker process (stress-ng's vm worker when it is installed,
 * unless ramping) allocates `memory_size` and touches every page, over `ramp_seconds` (a leak) or
 * at once, and holds it until the rollback. It is a separate process, so the runner's memory
 * pressure is real while chaos-ci itself stays small. Measured: the worker's peak RSS, and the
 * machine's available memory (/proc/meminfo). Efficacy is the pressure the service sees (issue
 * #20), whoever causes it: the worker's peak reached 90% of the size asked for, or the machine's
 * available memory fell by that much, or was under 10% of its memory during the fault.
 */
import { memorySample } from './machine.js'
import { byIntensity, type FaultPlugin, Params } from './plugin.js'
import { LOAD_TOOLS, type LoadTool, parseSize, startLoad } from './workers.js'

const MIB = 1024 * 1024

/** Whether the fault landed, and why, from what was measured. */
export function memoryEfficacy(m: {
  bytes: number
  peakRss: number
  /** Available before the fault, and the least seen during it; null without /proc/meminfo. */
  availableBefore: number | null
  availableLeast: number | null
  total: number | null
}): { landed: boolean; detail: string } {
  const mib = (n: number): number => Math.round(n / MIB)
  const own = `peak RSS ${mib(m.peakRss)} MiB of ${mib(m.bytes)} MiB asked`
  if (m.availableBefore === null || m.availableLeast === null || m.total === null)
    return { landed: m.peakRss >= m.bytes * 0.9, detail: `${own}; machine memory unknown` }
  const fell = m.availableBefore - m.availableLeast
  const tight = m.availableLeast < 0.1 * m.total
  return {
    landed: m.peakRss >= m.bytes * 0.9 || fell >= m.bytes * 0.9 || tight,
    detail: `${own}; machine memory available ${mib(m.availableBefore)} MiB before, ${mib(m.availableLeast)} MiB at least during the fault, of ${mib(m.total)} MiB`
  }
}

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
    const before = memorySample()
    let least = before?.available ?? null
    const sample = (): void => {
      const now = memorySample()
      if (now && least !== null) least = Math.min(least, now.available)
    }
    const load = await startLoad(
      { kind: 'memory', count: 1, bytes, rampMs, tool },
      target.rollback,
      target.env
    )
    let peak = 0
    const timer = setInterval(() => {
      peak = Math.max(peak, load.measure().rssBytes)
      sample()
    }, 100)
    target.rollback.register('measure the memory load', () => {
      clearInterval(timer)
      peak = Math.max(peak, load.measure().rssBytes)
      sample()
    })
    const details: Record<string, unknown> = { bytes, tool: load.tool, pids: load.pids }
    return {
      details,
      efficacy: () => {
        details.peak_rss_bytes = peak
        details.machine_available_bytes_least = least
        return memoryEfficacy({
          bytes,
          peakRss: peak,
          availableBefore: before?.available ?? null,
          availableLeast: least,
          total: before?.total ?? null
        })
      }
    }
  }
}
