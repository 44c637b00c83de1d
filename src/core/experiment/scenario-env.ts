/** What one scenario runs with (a leaf module: the lifecycle and its watchers import it). */
import type { Clock } from '../clock.js'
import type { Address, TcpProxy } from '../proxy/tcp-proxy.js'
import type { LoadDriverFactory } from '../traffic/driver.js'
import type { TrafficRequest } from '../traffic/requests.js'
import type { Timing } from './plan.js'
import type { Rollback } from './rollback.js'
import type { Safety } from './safety.js'

export interface SteadyState {
  healthy: boolean
  detail: string
}

/** What one scenario runs with: the run's options (the engine's) and its live parts. */
export interface ScenarioEnv {
  target: URL
  /** The target may be off this machine (allow-remote-target). */
  allowRemoteTarget?: boolean
  requests: TrafficRequest[]
  rate: number
  requestTimeoutMs: number
  timing: Timing
  /** The baseline fails the steady state above this error rate. */
  maxBaselineErrorPercent: number
  seed: number
  safety: Safety
  /** The environment commands run in (restart_command, your injector). */
  env: NodeJS.ProcessEnv
  clock: Clock
  signal: AbortSignal
  rollback: Rollback
  /** Makes the scenario's traffic (traffic/driver.ts). */
  load: LoadDriverFactory
  dependency: (listen: Address) => TcpProxy
  steadyState: (signal: AbortSignal) => Promise<SteadyState>
  log: (line: string) => void
}
