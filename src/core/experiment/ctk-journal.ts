/**
 * A Chaos Toolkit journal for one scenario, valid by chaoslib's own rules (docs/outputs.md#the-chaos-
 * toolkit-journal restates them; tests/unit/core/experiment/ctk-journal.test.ts checks them):
 * - every activity is a probe or an action with a name and a provider of a type chaoslib runs
 *   (python, process or http): the fault is a `process` action running chaos-ci for that scenario,
 *   the steady-state probe an `http` probe, each rollback a `process` action running
 *   `chaos-ci rollback`, so `chaos run` could replay each of them;
 * - the journal has `chaoslib-version`, `platform` and `node`, and a `status` of chaoslib's four:
 *   completed, failed, aborted, interrupted; `deviated` only when the steady state after the method
 *   was not met, and then status failed;
 * - every `steady_state_met` stands on the probe runs beside it, each with its `tolerance_met`.
 * `chaoslib-version` names the chaoslib journal format this follows, not a chaoslib that ran:
 * `generator` says who wrote it.
 */
import os from 'node:os'

import type { InjectPayload } from './payload.js'
import type { PhaseResult, ScenarioResult } from './result.js'

/** The chaoslib release whose journal format this file follows. */
export const CTK_JOURNAL_FORMAT = '1.44.0'

/** chaoslib's journal statuses, the only ones its readers know. */
export const CTK_STATUSES = ['completed', 'failed', 'aborted', 'interrupted'] as const
export type CtkStatus = (typeof CTK_STATUSES)[number]

/** Where the journal was written: chaoslib's `platform.platform()` and `platform.node()`. */
export interface CtkHost {
  platform: string
  node: string
}

type Activity = Record<string, unknown>

/** This machine, as chaoslib names it: `System-release-machine`, and the host name. */
export function ctkHost(): CtkHost {
  return {
    platform: `${os.type()}-${os.release()}-${os.arch()}`,
    node: os.hostname() || 'localhost'
  }
}

/** CTK's status for a scenario's end, by what chaoslib would have done in its place. */
export function ctkStatus(result: ScenarioResult): CtkStatus {
  switch (result.status) {
    case 'passed':
      return 'completed'
    // Steady state not met before the method, or not after it (deviated): chaoslib's "failed".
    case 'failed':
    case 'steady-state-not-met':
      return 'failed'
    // A safeguard or a signal stopped it: chaoslib's controls end a run as interrupted.
    case 'interrupted':
    case 'aborted':
      return 'interrupted'
    // The fault could not be applied or shown to work: the experiment could not be carried out.
    default:
      return 'aborted'
  }
}

function iso(start: string, ms: number): string {
  return new Date(Date.parse(start) + ms).toISOString()
}

/** A phase without its per-slice series and histogram, for a journal meant for people. */
function withoutSeries(phase: PhaseResult): Omit<PhaseResult, 'slices' | 'hdr'> {
  const copy: Partial<PhaseResult> = { ...phase }
  delete copy.slices
  delete copy.hdr
  return copy as Omit<PhaseResult, 'slices' | 'hdr'>
}

function probeOf(payload: InjectPayload): Activity {
  return {
    type: 'probe',
    name: 'the-service-answers-2xx',
    tolerance: { type: 'range', target: 'status', range: [200, 299] },
    provider: {
      type: 'http',
      url: payload.health_url,
      method: 'GET',
      timeout: payload.traffic.request_timeout_ms / 1000
    }
  }
}

function actionOf(result: ScenarioResult, payload: InjectPayload): Activity {
  return {
    type: 'action',
    name: result.type,
    provider: {
      type: 'process',
      path: 'chaos-ci',
      arguments: ['inject', '--config', payload.config, '--scenario', result.name]
    }
  }
}

function rollbackOf(name: string): Activity {
  return {
    type: 'action',
    name,
    provider: { type: 'process', path: 'chaos-ci', arguments: ['rollback'] }
  }
}

/** A steady-state record: met exactly when its one probe run was within tolerance. */
function steadyState(probe: Activity, met: boolean, output: unknown, at: string): unknown {
  return {
    steady_state_met: met,
    probes: [
      { activity: probe, output, status: 'succeeded', start: at, end: at, tolerance_met: met }
    ]
  }
}

/** A Chaos Toolkit journal for one scenario that ran (or tried to). */
export function ctkJournal(
  result: ScenarioResult,
  payload: InjectPayload,
  host: CtkHost,
  generator = 'chaos-ci'
): Record<string, unknown> {
  const end = iso(result.started_at, result.elapsed_ms)
  const probe = probeOf(payload)
  const action = actionOf(result, payload)
  const before = result.steady_state
  const after = result.recovery
  const status = ctkStatus(result)
  const ran = result.phases.inject !== undefined && before?.healthy !== false
  return {
    'chaoslib-version': CTK_JOURNAL_FORMAT,
    platform: host.platform,
    node: host.node,
    generator,
    experiment: {
      title: result.name,
      description: result.fault,
      tags: [result.type, result.intensity],
      'steady-state-hypothesis': { title: 'the service answers 2xx', probes: [probe] },
      method: [action],
      rollbacks: result.rollback.map(undo => rollbackOf(undo.name))
    },
    start: result.started_at,
    end,
    duration: result.elapsed_ms / 1000,
    status,
    deviated: status === 'failed' && ran && after !== null && !after.recovered,
    steady_states: {
      before: before ? steadyState(probe, before.healthy, before.detail, result.started_at) : null,
      // chaoslib runs the hypothesis after the method only when the run was neither stopped nor aborted.
      after:
        after && ran && (status === 'completed' || status === 'failed')
          ? steadyState(probe, after.recovered, after, end)
          : null,
      during: []
    },
    run: ran
      ? [
          {
            activity: action,
            status: status === 'aborted' ? 'failed' : 'succeeded',
            start: result.started_at,
            end,
            duration: result.elapsed_ms / 1000,
            output: {
              phases: Object.fromEntries(
                Object.entries(result.phases).map(([name, phase]) => [name, withoutSeries(phase)])
              ),
              recovery: result.recovery,
              efficacy: result.efficacy,
              seed: result.seed
            },
            ...(status === 'aborted' && result.reason ? { exception: [result.reason] } : {})
          }
        ]
      : [],
    rollbacks: result.rollback.map(undo => ({
      activity: rollbackOf(undo.name),
      status: undo.ok ? 'succeeded' : 'failed',
      duration: undo.ms / 1000,
      ...(undo.error ? { exception: [undo.error] } : {})
    }))
  }
}
