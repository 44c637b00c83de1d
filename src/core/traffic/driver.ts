/**
 * The load seam (DESIGN.md "Where users outgrow one runner"): the lifecycle drives traffic through a
 * `LoadDriver` it is handed, so another engine (k6, a cluster's load tool) can plug in as a driver.
 * The open-loop generator is the default.
 */
import type { Clock } from '../clock.js'
import { TrafficGenerator, type TrafficOptions } from './generator.js'
import type { Phase } from './phase.js'

/** Traffic at a steady rate, counted per named phase and per time slice. */
export interface LoadDriver {
  /** Every phase started so far, in order. */
  readonly phases: readonly Phase[]
  /** Starts a phase now, ending the current one; the first call starts the traffic. */
  phase(name: string): Phase
  /** Stops sending and waits for the requests in flight. */
  stop(): Promise<void>
}

/** Makes the driver for one scenario: where to send, what, how fast. */
export type LoadDriverFactory = (options: TrafficOptions, clock: Pick<Clock, 'now'>) => LoadDriver

/** The default: chaos-ci's own open-loop generator (traffic/generator.ts). */
export const openLoopDriver: LoadDriverFactory = (options, clock) =>
  new TrafficGenerator(options, clock)
