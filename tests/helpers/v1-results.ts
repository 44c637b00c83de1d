/**
 * Results files as chaos-ci wrote them before schema v2 (`chaos-ci/results/v1`): no status in the
 * envelope, inject's and validate's status inside the payload (or, in the first v1 files, none at
 * all), inject's timing, safety and proxy counters in camelCase, audit recorded as `warnings`.
 */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'

import type { InjectPayload } from '../../src/core/experiment/payload.js'
import type { RunBlock, Stage } from '../../src/core/results/schema.js'

export const V1_RUN: RunBlock = {
  repo: 'acme/shop',
  run_id: '4242',
  run_attempt: 1,
  job: 'chaos',
  step: 'step',
  sha: 'a'.repeat(40),
  ref: 'refs/heads/main',
  event: 'push',
  started_at: '2026-11-27T10:00:00.000Z',
  finished_at: '2026-11-27T10:01:00.000Z'
}

/** The text of a v1 results file. */
export function v1Text(stage: Stage, payload: unknown, run: Partial<RunBlock> = {}): string {
  return `${JSON.stringify(
    {
      schema: 'chaos-ci/results/v1',
      stage,
      tool_version: '0.1.0',
      run: { ...V1_RUN, step: stage, ...run },
      payload
    },
    null,
    2
  )}\n`
}

/** Writes a v1 file `<stage>-v1.json` into `dir`; returns its path. */
export async function writeV1(
  dir: string,
  stage: Stage,
  payload: unknown,
  run: Partial<RunBlock> = {}
): Promise<string> {
  const file = path.join(dir, `${stage}-${run.step ?? 'v1'}.json`)
  await writeFile(file, v1Text(stage, payload, run))
  return file
}

/**
 * A v2 inject payload written back in v1's names: camelCase timing, safety and proxy counters, and
 * the status in `summary` (omitted with `status: null`, as the first v1 files had none).
 */
export function v1InjectPayload(
  v2: InjectPayload,
  status: { status: string; status_reason: string | null } | null
): unknown {
  const t = v2.timing
  return {
    ...v2,
    timing: {
      baselineMs: t.baseline_ms,
      sliceMs: t.slice_ms,
      requiredSlices: t.required_slices,
      maxRecoveryMs: t.max_recovery_ms,
      cooldownMs: t.cooldown_ms,
      max_baseline_error_percent: t.max_baseline_error_percent
    },
    safety: { abort: v2.safety.abort, maxTotalMs: v2.safety.max_total_ms },
    scenarios: v2.scenarios.map(s => ({
      ...s,
      details: { forMs: 2000, delayMs: 100, abort: { status: 503, retryAfterSeconds: 1 } },
      journal: {
        proxy: { connections: 3, active: 0, bytesUpstream: 10, bytesDownstream: 20, cut: 0 }
      }
    })),
    summary: { ...v2.summary, ...(status ?? {}) }
  }
}
