/** The fault plug-ins by scenario type. A known type with no plug-in here is "not supported" yet. */
import { dependencyDown } from './dependency-down.js'
import { httpFault } from './http-fault.js'
import { networkDelay } from './network-delay.js'
import { networkLoss } from './network-loss.js'
import type { FaultPlugin } from './plugin.js'
import { tcpFault } from './tcp-fault.js'

const PLUGINS: ReadonlyArray<FaultPlugin<never>> = [
  networkDelay,
  networkLoss,
  tcpFault,
  httpFault,
  dependencyDown
] as unknown as ReadonlyArray<FaultPlugin<never>>

export function pluginFor(type: string): FaultPlugin<unknown> | undefined {
  return PLUGINS.find(plugin => plugin.type === type)
}

/** Why a known type cannot run yet. */
export const NOT_SUPPORTED_REASON: Readonly<Record<string, string>> = {
  cpu_exhaust: 'CPU stress lands with the process and resource faults (part 2)',
  memory_leak: 'memory stress lands with the process and resource faults (part 2)',
  disk_stress: 'disk stress lands with the process and resource faults (part 2)',
  container_crash: 'container faults land with part 2',
  database_down: 'container faults land with part 2; dependency_down covers a TCP dependency now'
}
