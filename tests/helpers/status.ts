/** The status a stage would set for a hand-built payload, for tests that write results files. */
import { injectStatus } from '../../src/core/experiment/result.js'
import type { StageStatus } from '../../src/core/results/status.js'
import { v1Status } from '../../src/core/results/v1.js'

/**
 * inject's own rule for an inject payload; for the others (whose hand-built payloads carry the
 * fields v1 judged by: healthy, outcome, counts, status or passed) the v1 reader's.
 */
export function statusFor(stage: string, payload: unknown): StageStatus {
  const p = payload as Parameters<typeof injectStatus>[0]
  if (stage === 'inject' && Array.isArray(p?.scenarios) && p.summary) return injectStatus(p)
  return v1Status(stage as never, payload)
}
