/**
 * The scenario types chaos-ci knows, with the parameters each accepts. The seed's seven types come
 * first, then chaos-ci's own (tcp_fault, http_fault, dependency_down); the engine (issues #6 and #7)
 * registers its implementations against these names. A type that is known but not implemented yet is
 * planned as "not supported", never passed. `tcp_fault`'s parameters are its toxics' (proxy/toxics/).
 */

import { TCP_FAULT_PARAMETERS, toxicParameters } from '../proxy/toxics/index.js'

/** Parameters any scenario may carry: descriptions the seed's format uses. */
export const COMMON_PARAMETERS = ['expected_impact', 'recovery_time_expected'] as const

export const SCENARIO_TYPES: Readonly<Record<string, readonly string[]>> = {
  cpu_exhaust: ['cpu_workers', 'tool'],
  memory_leak: ['memory_size', 'ramp_seconds', 'tool'],
  network_delay: ['delay_ms', 'jitter_ms', 'interface', 'mode'],
  network_loss: ['loss_percent', 'interface', 'mode'],
  container_crash: ['container', 'container_label', 'container_image'],
  database_down: ['database', 'container', 'container_label', 'container_image'],
  container_pause: ['container', 'container_label', 'container_image'],
  disk_stress: ['io_workers', 'path', 'tool'],
  // asked of the toxic registry each time, so a toxic registered later is known here too
  get tcp_fault(): readonly string[] {
    return [...TCP_FAULT_PARAMETERS, ...toxicParameters()]
  },
  http_fault: [
    'status',
    'error_rate_percent',
    'fail_first',
    'fail_for_seconds',
    'delay_ms',
    'jitter_ms',
    'retry_after_seconds',
    'path'
  ],
  dependency_down: ['listen', 'upstream', 'mode'],
  process_kill: ['pid', 'pid_file', 'port', 'command', 'signal', 'restart_command'],
  process_pause: ['pid', 'pid_file', 'port', 'command'],
  process_restart: ['pid', 'pid_file', 'port', 'command', 'grace_seconds', 'restart_command']
}

export const INTENSITIES = ['light', 'medium', 'heavy'] as const
export type Intensity = (typeof INTENSITIES)[number]
