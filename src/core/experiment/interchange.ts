/**
 * Interchange formats, so existing tools read a run unchanged: a Chaos Toolkit journal per scenario
 * (chaostoolkit.org, reference/api/journal) and JUnit XML with one test case per scenario.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { type JunitCase, junitContext, junitXml } from '../junit.js'
import type { InjectPayload } from './payload.js'
import type { PhaseResult, ScenarioResult } from './result.js'

type CtkStatus = 'completed' | 'failed' | 'aborted' | 'interrupted'

function ctkStatus(result: ScenarioResult): CtkStatus {
  switch (result.status) {
    case 'passed':
    case 'failed':
      return 'completed'
    case 'interrupted':
    case 'aborted':
      // Chaos Toolkit's safeguards end a run as interrupted.
      return 'interrupted'
    case 'error':
      return 'aborted'
    default:
      return 'failed'
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

/** A Chaos Toolkit journal for one scenario that ran (or tried to). */
export function ctkJournal(
  result: ScenarioResult,
  payload: InjectPayload
): Record<string, unknown> {
  const end = iso(result.started_at, result.elapsed_ms)
  const probe = {
    type: 'probe',
    name: 'the-service-answers-2xx',
    tolerance: [200, 299],
    provider: {
      type: 'http',
      url: payload.health_url,
      timeout: payload.traffic.request_timeout_ms / 1000
    }
  }
  const action = {
    type: 'action',
    name: result.type,
    provider: { type: 'chaos-ci', module: result.type, arguments: result.details }
  }
  return {
    'chaoslib-version': null,
    generator: 'chaos-ci',
    experiment: {
      title: result.name,
      description: result.fault,
      tags: [result.type, result.intensity],
      'steady-state-hypothesis': { title: 'the service answers 2xx', probes: [probe] },
      method: [action],
      rollbacks: result.rollback.map(undo => ({ type: 'action', name: undo.name }))
    },
    start: result.started_at,
    end,
    duration: result.elapsed_ms / 1000,
    status: ctkStatus(result),
    deviated: result.status === 'failed' || result.status === 'aborted',
    steady_states: {
      before: result.steady_state
        ? {
            steady_state_met: result.steady_state.healthy,
            probes: [
              {
                activity: probe,
                status: 'succeeded',
                output: result.steady_state.detail,
                tolerance_met: result.steady_state.healthy
              }
            ]
          }
        : null,
      after: result.recovery ? { steady_state_met: result.recovery.recovered, probes: [] } : null,
      during: []
    },
    run: result.phases.inject
      ? [
          {
            activity: action,
            status: result.status === 'error' ? 'failed' : 'succeeded',
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
            }
          }
        ]
      : [],
    rollbacks: result.rollback.map(undo => ({
      activity: { type: 'action', name: undo.name },
      status: undo.ok ? 'succeeded' : 'failed',
      duration: undo.ms / 1000,
      ...(undo.error ? { exception: [undo.error] } : {})
    }))
  }
}

function junitCase(result: ScenarioResult): JunitCase {
  const base = {
    name: result.name,
    classname: `chaos-ci.inject.${result.type}`,
    time: result.elapsed_ms / 1000
  }
  const message = result.reason ?? result.status
  if (result.status === 'passed') return { ...base, output: result.efficacy?.detail ?? '' }
  if (result.status === 'skipped' || result.status === 'not-supported')
    return { ...base, skipped: `${result.status}: ${result.reason ?? ''}` }
  // chaos-ci itself (or the environment) went wrong: an error, not the service failing.
  if (result.status === 'error') return { ...base, error: { type: result.status, message } }
  return { ...base, failure: { type: result.status, message } }
}

/**
 * JUnit XML: one test case per scenario; not-supported and skipped scenarios are skipped cases,
 * scenarios that ended in chaos-ci's own error are errors. The suite's timestamp is the first
 * scenario's start (now when none ran).
 */
export function injectJunit(payload: InjectPayload, hostname?: string): string {
  const first = payload.scenarios.find(s => s.started_at)?.started_at
  const context = junitContext(first ? new Date(first) : new Date())
  return junitXml(
    [
      {
        name: 'chaos-ci inject',
        cases: payload.scenarios.map(junitCase),
        properties: payload.scenarios.map(s => [`status: ${s.name}`, s.status])
      }
    ],
    hostname ? { ...context, hostname } : context
  )
}

/** Writes the journals (one per scenario that ran) and the JUnit file, where asked. */
export async function writeInterchange(
  payload: InjectPayload,
  where: { journalDir?: string; junitFile?: string }
): Promise<void> {
  if (where.journalDir) {
    await mkdir(where.journalDir, { recursive: true })
    for (const [i, result] of payload.scenarios.entries()) {
      if (result.status === 'not-supported' || result.status === 'skipped') continue
      const name = `${String(i + 1).padStart(2, '0')}-${result.name.replace(/[^\w.-]+/g, '_')}.json`
      await writeFile(
        path.join(where.journalDir, name),
        `${JSON.stringify(ctkJournal(result, payload), null, 2)}\n`
      )
    }
  }
  if (where.junitFile) {
    await mkdir(path.dirname(where.junitFile), { recursive: true })
    await writeFile(where.junitFile, injectJunit(payload))
  }
}
