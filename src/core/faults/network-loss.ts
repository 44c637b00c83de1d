/**
 * `network_loss` (seed: `tc netem loss`): in proxy mode, loss as TCP's users see it. A chunk is
 * "lost" with probability `loss_percent` and delivered one retransmission timeout later (200 ms, as
 * Linux's minimum RTO), doubling per repeated loss. Data is delayed, not dropped; packet-level loss
 * needs `tc netem` (part 2). Applied in both directions.
 */
import { readMode, signed, tryNetem } from './network-delay.js'
import { byIntensity, type FaultPlugin, Params } from './plugin.js'

interface Settings {
  percent: number
  rto: number
  netem: { device: string } | null
}

export const networkLoss: FaultPlugin<Settings> = {
  type: 'network_loss',
  route: 'tcp',
  settings(scenario, file) {
    const params = new Params(scenario, file)
    return {
      percent: params.number(
        'loss_percent',
        byIntensity(scenario, { light: 5, medium: 10, heavy: 20 }),
        0,
        100
      ),
      rto: 200,
      netem: readMode(params)
    }
  },
  describe: ({ percent, rto, netem }) =>
    netem
      ? `${percent}% packet loss on ${netem.device} (tc netem; the proxy if not allowed)`
      : `${percent}% of segments delayed by a TCP retransmission (${rto} ms, doubling), both directions (proxy)`,
  async apply({ percent, rto, netem }, target) {
    const kernel = netem ? await tryNetem(netem, ['loss', `${percent}%`], target) : null
    if (!kernel?.used) {
      const proxy = target.tcp!
      target.rollback.register('remove the loss toxics', () => proxy.clearToxics())
      proxy.setToxics([
        { type: 'loss', percent, rto, stream: 'upstream' },
        { type: 'loss', percent, rto, stream: 'downstream' }
      ])
    }
    return {
      details: kernel?.used
        ? { netem: kernel }
        : {
            toxic: 'loss',
            loss_percent: percent,
            rto_ms: rto,
            streams: 'both',
            ...(kernel ? { netem: kernel } : {})
          },
      efficacy: ({ baseline, inject }) => {
        // Each request crosses the proxy at least twice (request and response).
        const perRequest = 1 - (1 - percent / 100) ** 2
        const expected = perRequest * inject.requests
        if (expected < 5)
          return { landed: null, detail: `too few requests to see ${percent}% loss` }
        const tail = inject.latency_ms.max - baseline.latency_ms.p99
        return {
          landed: tail >= rto * 0.5,
          detail: `~${Math.round(expected)} requests delayed by ≥ ${rto} ms expected; max ${signed(tail)} ms over baseline p99 observed`
        }
      }
    }
  }
}
