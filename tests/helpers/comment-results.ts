/**
 * In-memory results files for the comment's tests, with a run block as a fork's pull_request run
 * would write it (run 555 of acme/shop, ref refs/pull/7/merge), and hostile text to put anywhere.
 */
import {
  RESULTS_SCHEMA,
  type ResultsFile,
  type RunBlock,
  type Stage
} from '../../src/core/results/schema.js'
import type { StageStatus } from '../../src/core/results/status.js'
import { v1Status } from '../../src/core/results/v1.js'

/** The head commit of the fork's pull request #7 in these tests. */
export const HEAD_SHA = 'c0ffee0000000000000000000000000000000007'

/** Text that would be a mention, a cross-reference and live HTML if not escaped (and break out of a table). */
export const HOSTILE = '@org/team @here #4242 <img src=x onerror=alert(1)> `|` <script>x</script>'

/** Text that would be links and an image if not escaped. */
export const LINKY =
  '[click](http://evil.example) ![i](http://evil.example/i.png) http://evil.example www.evil.example x@evil.example'

/**
 * A v2 results file; its status is `status`, or by default the one the v1 reader would derive from
 * the payload (the stage's own rule for these plain payloads).
 */
export function results(
  stage: Stage,
  payload: unknown,
  run: Partial<RunBlock> = {},
  status: StageStatus = v1Status(stage, payload)
): ResultsFile {
  return {
    schema: RESULTS_SCHEMA,
    stage,
    ...status,
    tool_version: '0.1.0',
    run: {
      repo: 'acme/shop',
      run_id: '555',
      run_attempt: 1,
      job: 'chaos',
      step: 'inject',
      sha: 'feed000000000000000000000000000000000000',
      ref: 'refs/pull/7/merge',
      event: 'pull_request',
      started_at: '2026-11-01T10:00:00.000Z',
      finished_at: '2026-11-01T10:01:00.000Z',
      ...run
    },
    payload
  }
}

/** One SLO verdict as validate writes it. */
export function slo(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    key: 'latency p95',
    label: 'latency p95',
    metric: 'latency',
    stat: 'p95',
    unit: 'ms',
    value: 120,
    samples: 100,
    verdict: 'pass',
    note: null,
    blocking: { text: 'p95 < 500ms', op: '<', threshold: 500, source: 'input slos' },
    warning: null,
    baseline: null,
    baseline_note: null,
    ...overrides
  }
}

/** A validate payload with `scenarios` of `perScenario` SLOs each, named by `name(i)`. */
export function validatePayload(
  scenarios: number,
  perScenario = 1,
  name = (i: number): string => `scenario-${i}`,
  passed = true
): Record<string, unknown> {
  return {
    passed,
    sources: { results: [], config: null, environment: null, layers: [] },
    policy: { invalid: 'fail', min_samples: 1, regression_sigma: 3, fail_on_regression: false },
    history: { db: null, branch: null, runs: 0, note: null },
    scenarios: Array.from({ length: scenarios }, (_, i) => ({
      name: name(i),
      type: 'network_delay',
      intensity: 'light',
      status: 'passed',
      verdict: passed ? 'passed' : 'failed',
      reason: null,
      slos: Array.from({ length: perScenario }, () => slo())
    })),
    overall: [],
    summary: {
      scenarios,
      by_verdict: { passed: scenarios },
      slos: scenarios * perScenario,
      failed_slos: 0,
      warned_slos: 0,
      insufficient: 0,
      regressions: 0,
      invalid: 0
    }
  }
}
