/**
 * `network_delay` (seed: `tc netem delay` on lo): in proxy mode, a Toxiproxy-style latency toxic on
 * the target's responses, so each request-response gains `delay_ms` ± `jitter_ms`.
 */
import { byIntensity, type FaultPlugin, Params } from './plugin.js'

interface Settings {
  delay: number
  jitter: number
}

export const networkDelay: FaultPlugin<Settings> = {
  type: 'network_delay',
  route: 'tcp',
  settings(scenario, file) {
    const params = new Params(scenario, file)
    const delay = params.number(
      'delay_ms',
      byIntensity(scenario, { light: 50, medium: 200, heavy: 500 }),
      0,
      60_000
    )
    return { delay, jitter: params.number('jitter_ms', 0, 0, delay) }
  },
  describe: ({ delay, jitter }) =>
    `+${delay} ms${jitter ? ` ± ${jitter} ms` : ''} on every response (latency toxic, proxy)`,
  apply({ delay, jitter }, target) {
    const proxy = target.tcp!
    target.rollback.register('remove the latency toxic', () => proxy.clearToxics())
    proxy.setToxics([{ type: 'latency', latency: delay, jitter, stream: 'downstream' }])
    return {
      details: { toxic: 'latency', latency_ms: delay, jitter_ms: jitter, stream: 'downstream' },
      efficacy: ({ baseline, inject }) => {
        const rise = inject.latency_ms.p50 - baseline.latency_ms.p50
        return {
          landed: inject.requests === 0 ? null : rise >= delay * 0.5,
          detail: `p50 +${delay} ms expected, ${signed(rise)} ms observed`
        }
      }
    }
  }
}

export function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${Math.round(value * 10) / 10}`
}
