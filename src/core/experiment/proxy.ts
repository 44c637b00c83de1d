/** The fault proxy in front of a scenario's target: TCP or HTTP by the plug-in's route. */
import type { Route } from '../faults/plugin.js'
import { HttpFaultProxy } from '../proxy/http-proxy.js'
import { type Address, TcpProxy } from '../proxy/tcp-proxy.js'
import type { Rollback } from './rollback.js'

export function targetAddress(url: URL): Address {
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80))
  }
}

/** Opens the fault proxy in front of the target (closed by `scope`), in pass-through for now. */
export async function openTargetProxy(
  route: Route,
  env: { target: URL; allowRemoteTarget?: boolean },
  seed: number,
  scope: Rollback
): Promise<TcpProxy | HttpFaultProxy> {
  const upstream = targetAddress(env.target)
  const listen = { host: '127.0.0.1', port: 0 }
  const allowRemoteUpstream = !!env.allowRemoteTarget
  const proxy =
    route === 'http'
      ? new HttpFaultProxy({ listen, upstream, allowRemoteUpstream })
      : new TcpProxy({ listen, upstream, seed, allowRemoteUpstream })
  scope.register(`close the ${route === 'http' ? 'HTTP' : 'TCP'} fault proxy`, () => proxy.close())
  await proxy.start()
  return proxy
}
