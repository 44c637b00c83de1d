/**
 * `network_delay` (seed: `tc netem delay` on lo). In proxy mode (the default), a Toxiproxy-style
 * latency toxic on the target's responses, so each request-response gains `delay_ms` ± `jitter_ms`.
 * With `mode: netem`, a netem rule on `interface` (lo) where the runner allows it (faults/netem.ts),
 * else the proxy, saying why.
 */
import { addNetem, netemAccess } from './netem.js'
import { byIntensity, type FaultPlugin, Params } from './plugin.js'

interface Settings {
  delay: number
  jitter: number
  netem: { device: string } | null
}

/** Reads `mode` and `interface`: the netem device when netem is asked for, else null. */
export function readMode(params: Params): { device: string } | null {
  const mode = params.choice('mode', ['proxy', 'netem'] as const, 'proxy')
  return mode === 'netem' ? { device: params.string('interface') ?? 'lo' } : null
}

/**
 * Tries netem; returns the details to journal. On any obstacle the caller uses the proxy instead.
 */
export async function tryNetem(
  netem: { device: string },
  args: string[],
  target: Parameters<FaultPlugin<unknown>['apply']>[1]
): Promise<{ used: boolean; device: string; args: string[]; reason?: string }> {
  const access = await netemAccess(target.env, process.getuid?.())
  const reason =
    'reason' in access
      ? access.reason
      : await addNetem(access, netem.device, args, target.rollback, target.env)
  if (reason) target.log(`  netem not used, falling back to the proxy: ${reason}`)
  return { used: !reason, device: netem.device, args, ...(reason ? { reason } : {}) }
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
    return { delay, jitter: params.number('jitter_ms', 0, 0, delay), netem: readMode(params) }
  },
  describe: ({ delay, jitter, netem }) =>
    netem
      ? `+${delay} ms${jitter ? ` ± ${jitter} ms` : ''} per packet on ${netem.device} (tc netem; the proxy if not allowed)`
      : `+${delay} ms${jitter ? ` ± ${jitter} ms` : ''} on every response (latency toxic, proxy)`,
  async apply({ delay, jitter, netem }, target) {
    const kernel = netem
      ? await tryNetem(netem, ['delay', `${delay}ms`, ...(jitter ? [`${jitter}ms`] : [])], target)
      : null
    if (!kernel?.used) {
      const proxy = target.tcp!
      target.rollback.register('remove the latency toxic', () => proxy.clearToxics())
      proxy.setToxics([{ type: 'latency', latency: delay, jitter, stream: 'downstream' }])
    }
    return {
      details: kernel?.used
        ? { netem: kernel }
        : {
            toxic: 'latency',
            latency_ms: delay,
            jitter_ms: jitter,
            stream: 'downstream',
            ...(kernel ? { netem: kernel } : {})
          },
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
