/** The fault plug-ins by scenario type. A known type with no plug-in here is "not supported" yet. */
import { containerCrash } from './container-crash.js'
import { containerPause } from './container-pause.js'
import { cpuExhaust } from './cpu-exhaust.js'
import { databaseDown } from './database-down.js'
import { dependencyDown } from './dependency-down.js'
import { diskStress } from './disk-stress.js'
import { httpFault } from './http-fault.js'
import { memoryLeak } from './memory-leak.js'
import { networkDelay } from './network-delay.js'
import { networkLoss } from './network-loss.js'
import type { FaultPlugin } from './plugin.js'
import { processKill } from './process-kill.js'
import { processPause } from './process-pause.js'
import { processRestart } from './process-restart.js'
import { tcpFault } from './tcp-fault.js'

const PLUGINS: ReadonlyArray<FaultPlugin<never>> = [
  networkDelay,
  networkLoss,
  tcpFault,
  httpFault,
  dependencyDown,
  processKill,
  processPause,
  processRestart,
  cpuExhaust,
  memoryLeak,
  diskStress,
  containerCrash,
  containerPause,
  databaseDown
] as unknown as ReadonlyArray<FaultPlugin<never>>

export function pluginFor(type: string): FaultPlugin<unknown> | undefined {
  return PLUGINS.find(plugin => plugin.type === type)
}

/** Why a known type cannot run yet (none today: every type has a plug-in). */
export const NOT_SUPPORTED_REASON: Readonly<Record<string, string>> = {}
