/**
 * The scenario types chaos-ci knows, with the parameters each accepts. The seed's seven types come
 * first; the engine (issues #6 and #7) registers its implementations against these names. A type
 * that is known but not implemented yet is planned as "not supported", never passed.
 */

/** Parameters any scenario may carry: descriptions the seed's format uses. */
export const COMMON_PARAMETERS = ['expected_impact', 'recovery_time_expected'] as const

export const SCENARIO_TYPES: Readonly<Record<string, readonly string[]>> = {
  cpu_exhaust: ['cpu_workers'],
  memory_leak: ['memory_size'],
  network_delay: ['delay_ms', 'jitter_ms', 'interface'],
  network_loss: ['loss_percent', 'interface'],
  container_crash: ['container'],
  database_down: ['database', 'container'],
  disk_stress: ['io_workers']
}

export const INTENSITIES = ['light', 'medium', 'heavy'] as const
export type Intensity = (typeof INTENSITIES)[number]
