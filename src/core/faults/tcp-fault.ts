/**
 * `tcp_fault`: any registered TCP toxic, by name (src/core/proxy/toxics/: latency, bandwidth,
 * slow_close, timeout, reset_peer, slicer, limit_data, loss, and any added there), or `down`, on the
 * target (default) or on a dependency proxy (`listen` + `upstream`). Each toxic's parameters, with
 * their units, defaults and ranges, come from its plug-in; Toxiproxy's semantics are the reference.
 */
import type { Address } from '../proxy/tcp-proxy.js'
import { attributesOf, type Stream, type Toxic, type ToxicPlugin } from '../proxy/toxic.js'
import { activate, toxicPlugin, toxicPlugins } from '../proxy/toxics/index.js'
import { signed } from './network-delay.js'
import { type Efficacy, type FaultPlugin, type Observed, Params } from './plugin.js'

interface Settings {
  kind: string
  toxic: Toxic | null
  listen?: Address
  upstream?: Address
}

/** A parameter another toxic takes but this one does not: a likely mistake, named with the fix. */
function foreignParameter(params: Params, plugin: ToxicPlugin): void {
  const own = new Set(Object.values(plugin.attributes).map(spec => spec.parameter))
  for (const other of toxicPlugins())
    for (const spec of Object.values(other.attributes))
      if (!own.has(spec.parameter) && params.has(spec.parameter))
        params.invalid(
          spec.parameter,
          `parameter ${spec.parameter} is for the ${other.name} toxic, not ${plugin.name}.`,
          own.size
            ? `The ${plugin.name} toxic takes ${[...own].join(', ')}.`
            : `Remove it: the ${plugin.name} toxic takes no parameters.`
        )
}

function toxicFrom(params: Params, plugin: ToxicPlugin): Toxic {
  foreignParameter(params, plugin)
  const stream = params.choice<Stream>('stream', ['upstream', 'downstream'], 'downstream')
  const toxicity = params.number('toxicity', 1, 0, 1)
  const toxic: Toxic = { type: plugin.name, stream, toxicity }
  for (const [attribute, spec] of Object.entries(plugin.attributes))
    toxic[attribute] = params.number(spec.parameter, spec.default, spec.min, spec.max)
  return toxic
}

/** Whether the traffic shows the toxic landed, from what its plug-in says to expect. */
function efficacy(settings: Settings, { baseline, inject }: Observed): Efficacy {
  const { toxic } = settings
  if (settings.listen || inject.requests === 0)
    return { landed: null, detail: 'not judged from the traffic' }
  const plugin = toxic ? toxicPlugin(toxic.type) : undefined
  const expected = toxic && plugin ? (plugin.expect?.(activate(toxic).attributes) ?? null) : null
  if (expected && 'p50_rise_ms' in expected && (toxic!.toxicity ?? 1) === 1) {
    const rise = inject.latency_ms.p50 - baseline.latency_ms.p50
    return {
      landed: rise >= expected.p50_rise_ms * 0.5,
      detail: `p50 +${expected.p50_rise_ms} ms expected, ${signed(rise)} ms observed`
    }
  }
  if (!toxic || (expected && 'errors' in expected)) {
    const failed = inject.requests - inject.ok
    return { landed: failed > 0, detail: `errors expected, ${failed} observed` }
  }
  return { landed: null, detail: `${toxic.type} is not judged from the traffic` }
}

export const tcpFault: FaultPlugin<Settings> = {
  type: 'tcp_fault',
  route: 'tcp',
  settings(scenario, file) {
    const params = new Params(scenario, file)
    const kind = params.choice('toxic', [...toxicPlugins().map(t => t.name), 'down'], 'latency')
    const plugin = kind === 'down' ? null : toxicPlugin(kind)!
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
      toxic: plugin ? toxicFrom(params, plugin) : null,
      ...(listen ? { listen } : {}),
      ...(upstream ? { upstream } : {})
    }
  },
  describe({ toxic, listen }) {
    const where = listen ? `dependency ${listen.host}:${listen.port}` : 'the target'
    if (!toxic) return `${where} down: connections refused (proxy)`
    const text = Object.entries(attributesOf(toxic))
      .map(([key, value]) => `${key}=${String(value)}`)
      .join(', ')
    const toxicity = toxic.toxicity
    return `${toxic.type} toxic (${text}) on ${toxic.stream} of ${where}${toxicity !== undefined && toxicity < 1 ? `, toxicity ${toxicity}` : ''} (proxy)`
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
      efficacy: observed => efficacy(settings, observed)
    }
  }
}
