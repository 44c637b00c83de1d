/**
 * `dependency_down`: a dependency (any TCP service) becomes unreachable through its proxy. The
 * service must reach the dependency at `listen`, which chaos-ci forwards to `upstream` for the whole
 * run. `mode`: `refuse` (the listener closes: connection refused, open connections dropped),
 * `timeout` (connections stay open, data is dropped) or `reset` (connections are reset).
 */
import { tryConnect } from '../proxy/listen.js'
import type { Address } from '../proxy/tcp-proxy.js'
import type { Toxic } from '../proxy/toxic.js'
import { type FaultPlugin, Params } from './plugin.js'

const MODES = ['refuse', 'timeout', 'reset'] as const

interface Settings {
  listen: Address
  upstream: Address
  mode: (typeof MODES)[number]
}

export const dependencyDown: FaultPlugin<Settings> = {
  type: 'dependency_down',
  route: 'tcp',
  settings(scenario, file) {
    const params = new Params(scenario, file)
    return {
      listen: params.address('listen', true)!,
      upstream: params.address('upstream', true)!,
      mode: params.choice('mode', MODES, 'refuse')
    }
  },
  describe: ({ listen, upstream, mode }) =>
    `dependency ${listen.host}:${listen.port} → ${upstream.host}:${upstream.port} ${mode === 'refuse' ? 'refuses connections' : mode === 'timeout' ? 'stops answering' : 'resets connections'} (proxy)`,
  dependency: ({ listen, upstream }) => ({ listen, upstream }),
  async apply({ listen, mode }, target) {
    const proxy = target.dependency(listen)
    let check = 'not checked'
    if (mode === 'refuse') {
      target.rollback.register(`bring ${listen.host}:${listen.port} back up`, () => proxy.up())
      await proxy.down()
      check = await tryConnect(listen)
    } else {
      const toxics: Toxic[] =
        mode === 'timeout'
          ? [
              { type: 'timeout', timeout: 0, stream: 'upstream' },
              { type: 'timeout', timeout: 0, stream: 'downstream' }
            ]
          : [{ type: 'reset_peer', timeout: 0, stream: 'downstream' }]
      target.rollback.register(`clear the ${mode} toxics`, () => proxy.clearToxics())
      proxy.setToxics(toxics)
      check = mode
    }
    return {
      details: { listen, mode, check },
      efficacy: () =>
        mode === 'refuse'
          ? {
              landed: check === 'ECONNREFUSED',
              detail: `a connection to ${listen.host}:${listen.port} during the fault: ${check}`
            }
          : { landed: null, detail: `${mode} toxics set on the dependency` }
    }
  }
}
