/**
 * `tcp_fault`: any Toxiproxy toxic, by name, on the target (default) or on a dependency proxy
 * (`listen` + `upstream`): latency, bandwidth, slow_close, timeout, reset_peer, slicer, limit_data,
 * or down. Parameters follow Toxiproxy's attributes, with units in their names.
 */
import type { Address } from '../proxy/tcp-proxy.js'
import { type Stream, type Toxic, TOXIC_TYPES } from '../proxy/toxics.js'
import { signed } from './network-delay.js'
import { type FaultPlugin, Params } from './plugin.js'

const KINDS = [...TOXIC_TYPES.filter(type => type !== 'loss'), 'down'] as const
type Kind = (typeof KINDS)[number]

interface Settings {
  kind: Kind
  toxic: Toxic | null
  listen?: Address
  upstream?: Address
}

function toxicFrom(params: Params, kind: Exclude<Kind, 'down'>): Toxic {
  const stream = params.choice<Stream>('stream', ['upstream', 'downstream'], 'downstream')
  const toxicity = params.number('toxicity', 1, 0, 1)
  const base = { stream, toxicity }
  switch (kind) {
    case 'latency':
      return {
        ...base,
        type: kind,
        latency: params.number('latency_ms', 200, 0, 60_000),
        jitter: params.number('jitter_ms', 0, 0, 60_000)
      }
    case 'bandwidth':
      return { ...base, type: kind, rate: params.number('rate_kbps', 10, 0) }
    case 'slow_close':
      return { ...base, type: kind, delay: params.number('delay_ms', 1000, 0) }
    case 'timeout':
      return { ...base, type: kind, timeout: params.number('timeout_ms', 0, 0) }
    case 'reset_peer':
      return { ...base, type: kind, timeout: params.number('timeout_ms', 0, 0) }
    case 'slicer':
      return {
        ...base,
        type: kind,
        average_size: params.number('average_size', 64, 1),
        size_variation: params.number('size_variation', 0, 0),
        delay: params.number('slice_delay_us', 0, 0)
      }
    case 'limit_data':
      return { ...base, type: kind, bytes: params.number('bytes', 0, 0) }
  }
}

export const tcpFault: FaultPlugin<Settings> = {
  type: 'tcp_fault',
  route: 'tcp',
  settings(scenario, file) {
    const params = new Params(scenario, file)
    const kind = params.choice<Kind>('toxic', KINDS, 'latency')
    const listen = params.address('listen', false)
    const upstream = params.address('upstream', listen !== undefined)
    if (upstream && !listen)
      params.invalid(
        'upstream',
        'parameter upstream needs listen.',
        'Add listen: the address your service uses to reach this dependency.'
      )
    return {
      kind,
      toxic: kind === 'down' ? null : toxicFrom(params, kind),
      ...(listen ? { listen } : {}),
      ...(upstream ? { upstream } : {})
    }
  },
  describe({ toxic, listen }) {
    const where = listen ? `dependency ${listen.host}:${listen.port}` : 'the target'
    if (!toxic) return `${where} down: connections refused (proxy)`
    const { type, stream, toxicity, name, ...attributes } = toxic
    void name
    const text = Object.entries(attributes)
      .map(([key, value]) => `${key}=${String(value)}`)
      .join(', ')
    return `${type} toxic (${text}) on ${stream} of ${where}${toxicity !== undefined && toxicity < 1 ? `, toxicity ${toxicity}` : ''} (proxy)`
  },
  dependency: ({ listen, upstream }) => (listen && upstream ? { listen, upstream } : null),
  async apply(settings, target) {
    const proxy = settings.listen ? target.dependency(settings.listen) : target.tcp!
    if (!settings.toxic) {
      target.rollback.register('bring the proxy back up', () => proxy.up())
      await proxy.down()
    } else {
      const toxic = settings.toxic
      target.rollback.register(`remove the ${toxic.type} toxic`, () => proxy.clearToxics())
      proxy.setToxics([toxic])
    }
    return {
      details: { toxic: settings.kind, ...(settings.toxic ?? {}) },
      efficacy: ({ baseline, inject }) => {
        if (settings.listen || inject.requests === 0)
          return { landed: null, detail: 'not judged from the traffic' }
        const toxic = settings.toxic
        if (toxic?.type === 'latency' && (toxic.toxicity ?? 1) === 1) {
          const rise = inject.latency_ms.p50 - baseline.latency_ms.p50
          return {
            landed: rise >= toxic.latency * 0.5,
            detail: `p50 +${toxic.latency} ms expected, ${signed(rise)} ms observed`
          }
        }
        if (!toxic || ['timeout', 'reset_peer', 'limit_data'].includes(toxic.type)) {
          const failed = inject.requests - inject.ok
          return { landed: failed > 0, detail: `errors expected, ${failed} observed` }
        }
        return { landed: null, detail: `${toxic.type} is not judged from the traffic` }
      }
    }
  }
}
