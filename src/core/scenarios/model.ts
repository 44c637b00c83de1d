/** The scenario file, validated into typed objects (the seed's deploy/chaos_scenarios.yml format). */
import type { SloLayer } from '../slo/layers.js'
import type { Intensity } from './types.js'

export interface RecoveryTargets {
  max_recovery_time_seconds?: number
  required_health_checks?: number
  health_check_interval_seconds?: number
}

export interface SloTargets {
  mttr_seconds?: number
  max_error_rate_percent?: number
  min_availability_percent?: number
  max_latency_degradation_ms?: number
  recovery?: RecoveryTargets
}

/** One severity level of `slo_severity` (blocking or warning). */
export interface SloLevel {
  mttr_seconds?: number
  max_error_rate_percent?: number
  min_availability_percent?: number
  max_latency_degradation_ms?: number
  max_recovery_time_seconds?: number
}

export interface Scenario {
  name: string
  type: string
  intensity: Intensity
  /** Seconds. */
  duration: number
  description?: string
  target?: string
  parameters: Record<string, unknown>
  /** Where it is written (for messages). */
  line: number
  /** The line of each parameter, for messages about one of them. */
  parameterLines?: Record<string, number>
  /** This scenario's own SLOs (`slo:`), over the file's and the environment's. */
  slo?: SloLayer
}

export interface ScenarioGroup {
  description?: string
  scenarios: string[]
}

export interface Monitoring {
  metrics?: string[]
  sampling_interval?: number
  health_check?: { endpoint?: string; timeout?: number; interval?: number }
  alerts?: {
    cpu_threshold?: number
    memory_threshold?: number
    error_rate_threshold?: number
    response_time_threshold?: number
  }
}

export interface Environment {
  slo_targets?: SloTargets
  allowed_scenarios?: string[]
  /** Its slo_targets as checks (with any k6 thresholds), over the file's. */
  slo?: SloLayer
}

export interface Safety {
  abort_conditions?: {
    error_rate_percent?: number
    consecutive_failures?: number
    response_time_ms?: number
  }
  cooldown_seconds?: number
  max_total_duration_seconds?: number
  require_confirmation?: string[]
  auto_rollback?: boolean
}

export interface ScenarioFile {
  file: string
  slo_targets: SloTargets
  slo_severity: { blocking?: SloLevel; warning?: SloLevel }
  /** slo_targets and slo_severity as checks, k6 thresholds included: the file-wide SLO layer. */
  slo: SloLayer
  scenarios: Scenario[]
  scenario_groups: Record<string, ScenarioGroup>
  monitoring: Monitoring
  environments: Record<string, Environment>
  safety: Safety
}
