/**
 * The comment body from results that may be a fork's: numbers re-parsed, enums checked, text escaped
 * and clipped, nothing thrown on a payload of the wrong shape; the provenance line in workflow_run;
 * and the size cut at and over GitHub's 65,536-character limit.
 */
import { describe, expect, it } from '@jest/globals'

import {
  COMMENT_LIMIT,
  commentBody,
  fitComment,
  REPORTED,
  runUrl
} from '../../../../src/core/comment/body.js'
import type { Stage } from '../../../../src/core/results/schema.js'
import { sloTable } from '../../../../src/core/validate/describe.js'
import type { ValidatePayload } from '../../../../src/core/validate/payload.js'
import { HOSTILE, results, slo, validatePayload } from '../../../helpers/comment-results.js'

const CONTEXT = { name: 'chaos', runUrl: 'https://github.com/acme/shop/actions/runs/555' }
const NOT_A_NUMBER = '@org/team <img src=x>'

describe('the comment body from untrusted results', () => {
  it('shows a number that is not a number as ?, never as its text', () => {
    const n = NOT_A_NUMBER
    const body = commentBody(
      [
        results('health', { healthy: true, attempts: n, endpoints: [] }),
        results('audit', {
          counts: { missing: n },
          findings: [],
          imports: n,
          dependency_changes: []
        }),
        results('inject', {
          dry_run: false,
          scenarios: [],
          summary: {
            scenarios: n,
            by_status: { passed: n },
            failed: 0,
            invalid: 0,
            mttr_seconds: n
          }
        }),
        results('validate', {
          ...validatePayload(1),
          history: { runs: n },
          summary: { failed_slos: n, warned_slos: 0, regressions: 0, slos: n },
          scenarios: [
            {
              name: 's',
              slos: [
                slo({
                  value: n,
                  blocking: { op: '<', threshold: n },
                  baseline: { median: n, runs: n, change: n, low: n, high: n }
                })
              ]
            }
          ]
        })
      ],
      CONTEXT
    ).body
    expect(body).not.toContain('org/team')
    expect(body).not.toContain('img')
    expect(body).toContain('| health | ✅ | 0 of 0 endpoint(s) healthy after ? round(s) |')
    expect(body).toContain('? of ? scenario(s) passed; MTTR ? s')
    expect(body).toContain(
      '| s | latency p95 | ? | \\< ? | — | ✅ pass | ? (? runs), ?, band ? … ? |'
    )
    expect(body).toContain('<summary>SLOs</summary>')
  })

  it('shows an enum outside its closed set as unknown', () => {
    const e = '@org/team'
    const body = commentBody(
      [
        results('heal', {
          command: 'npm test',
          outcome: e,
          category: e,
          attempts: [
            { number: 1, exit_code: 1, category: e, decision: e, strategy: e },
            { number: 2, exit_code: e, category: null, decision: null, strategy: null }
          ]
        }),
        results('inject', {
          scenarios: [{ name: 'a', status: e }],
          summary: {
            scenarios: 1,
            by_status: { passed: 0 },
            failed: 1,
            invalid: 0,
            mttr_seconds: null
          }
        }),
        results('validate', {
          ...validatePayload(1),
          scenarios: [
            { name: 's', slos: [slo({ metric: e, verdict: e, blocking: { op: e, threshold: 1 } })] }
          ]
        })
      ],
      CONTEXT
    ).body
    expect(body).not.toContain('org/team')
    // An outcome outside the closed set: the v1 reader cannot say how it ended, so it is failed.
    expect(body).toContain('| heal | ❌ | unknown after 2 attempt(s) (unknown) |')
    expect(body).toContain('| `npm test` | 1 | 1 | unknown | unknown | unknown |')
    expect(body).toContain('| `npm test` | 2 | ? | — | — | — |')
    expect(body).toContain('0 of 1 scenario(s) passed, 1 failed: a (unknown)')
    expect(body).toContain('| s | latency p95 | 120 | ? 1 | — | unknown |')
  })

  it('reads a payload of the wrong shape as an unreadable stage, and does not throw', () => {
    for (const payload of ['x', null, 7, [], { summary: 'x', endpoints: 'x', findings: {} }]) {
      const stages: Stage[] = ['health', 'audit', 'heal', 'inject', 'validate']
      const built = commentBody(
        stages.map(stage => results(stage, payload)),
        CONTEXT
      )
      expect(built.passed).toBe(false)
      expect(built.body).toMatch(/### chaos-ci: (❔ unreadable results|❌ failed)/)
    }
  })

  it('clips a 70,000-character scenario name in its cell, with an ellipsis, and keeps the table', () => {
    const long = 'n'.repeat(70_000)
    const built = commentBody(
      [
        results('inject', {
          scenarios: [{ name: long, status: 'failed' }],
          summary: {
            scenarios: 1,
            by_status: { passed: 0 },
            failed: 1,
            invalid: 0,
            mttr_seconds: null
          }
        }),
        results(
          'validate',
          validatePayload(1, 1, () => long, false)
        )
      ],
      CONTEXT
    )
    expect(built.body.length).toBeLessThan(2_000)
    expect(built.body).toContain(`: ${'n'.repeat(99)}… (failed)`)
    expect(built.body).toContain(`| ${'n'.repeat(99)}… | latency p95 | 120 ms |`)
    expect(fitComment(built, 'elsewhere')).toBe(built.body)
  })

  it('links only the run the caller named, whatever the results say of their run', () => {
    const body = commentBody(
      [
        results(
          'health',
          { healthy: true, attempts: 1, endpoints: [] },
          { repo: 'evil/x', run_id: '1' }
        )
      ],
      CONTEXT
    ).body
    expect([...body.matchAll(/\]\(<?([^)>]*)>?\)/g)].map(m => m[1])).toEqual([CONTEXT.runUrl])
  })

  it('says, in a workflow_run run, that the figures are the pull request’s own report', () => {
    const health = [results('health', { healthy: true, attempts: 1, endpoints: [] })]
    expect(commentBody(health, { ...CONTEXT, reportedByPullRequest: true }).body).toContain(
      REPORTED
    )
    expect(commentBody(health, CONTEXT).body).not.toContain(REPORTED)
    expect(REPORTED).toMatch(/pull request’s own workflow run.*not that the figures are true/)
  })

  it('builds run links only from values shaped like GitHub’s', () => {
    expect(runUrl('https://github.com', 'acme/shop', 555)).toBe(CONTEXT.runUrl)
    expect(runUrl('https://github.com', 'acme/shop', '5 5')).toBeNull()
    expect(runUrl('javascript:alert(1)//', 'acme/shop', 1)).toBeNull()
    expect(runUrl('https://github.com', 'acme/shop)[x](y', 1)).toBeNull()
  })
})

describe('the size cut', () => {
  const big = (scenarios: number) =>
    commentBody(
      [
        results(
          'validate',
          validatePayload(scenarios, 1, i => `scenario${i}`, false)
        )
      ],
      CONTEXT
    )

  it('keeps a body of exactly the limit whole, and cuts one character over it', () => {
    const built = big(50)
    const limit = built.body.length
    expect(fitComment(built, 'REST', limit)).toBe(built.body)
    const cut = fitComment(built, 'REST', limit - 1)
    expect(cut.length).toBeLessThanOrEqual(limit - 1)
    expect(cut).toMatch(
      /_\d+ more row\(s\) cut at GitHub’s comment limit \(65,536 characters\): REST\._/
    )
  })

  it('keeps a body over 65,536 characters under it: the first rows, a count of the rest, the closing tags and the link', () => {
    const built = big(1_000)
    expect(built.body.length).toBeGreaterThan(COMMENT_LIMIT)
    const cut = fitComment(built, 'the job summary has them')
    expect(cut.length).toBeLessThanOrEqual(COMMENT_LIMIT)
    const kept = cut.match(/^\| scenario\d+ /gm)!.length
    expect(cut).toContain('| scenario0 |')
    expect(cut).not.toContain(`| scenario${kept} |`)
    expect(cut).toContain(
      `_${1_000 - kept} more row(s) cut at GitHub’s comment limit (65,536 characters): the job summary has them._`
    )
    expect(cut).toMatch(/<\/details>\n\n\[The run\]\([^)]*\) has the job summaries/)
    expect(kept).toBeGreaterThan(200)
  })
})

describe('a run that tested nothing, in the comment', () => {
  const nothing = results('inject', {
    dry_run: false,
    scenarios: [{ name: 'db outage', status: 'skipped' }],
    summary: {
      status: 'nothing-ran',
      status_reason: "no scenario's fault ran (1 scenario(s): skipped: no Docker engine)",
      scenarios: 1,
      by_status: { passed: 0, skipped: 1 },
      failed: 0,
      invalid: 0,
      mttr_seconds: null
    }
  })
  const insufficient = results('validate', {
    ...validatePayload(0),
    status: 'insufficient-data',
    status_reason:
      "no scenario's fault ran (1 scenario(s): skipped), so there was nothing to judge",
    passed: false
  })

  it('shows the status inject and validate set, says why, and is not a pass', () => {
    const built = commentBody([nothing, insufficient], CONTEXT)
    expect(built.passed).toBe(false)
    expect(built.body).toContain('### chaos-ci: ⚠️ tested nothing')
    expect(built.body).toContain(
      "| inject | ⚠️ tested nothing | nothing ran: no scenario's fault ran \\(1 scenario\\(s\\): skipped: no Docker engine\\) |"
    )
    expect(built.body).toMatch(/\| validate \| ⚠️ tested nothing \| insufficient data: no scenario/)
  })

  it('reads the status, never works it out again: a v1 file with an unknown status is failed', () => {
    const forged = results('inject', {
      dry_run: false,
      scenarios: [],
      summary: { status: 'green!', scenarios: 1, by_status: { passed: 1 }, failed: 0, invalid: 0 }
    })
    const built = commentBody([forged], CONTEXT)
    expect(built.passed).toBe(false)
    expect(built.body).toContain('| inject | ❌ |')
  })
})

describe('the pooled SLO rows in the comment', () => {
  /** A validate payload whose pooled rows left `own` to their own rows (as validate wrote them). */
  function pooled(...own: string[][]): Record<string, unknown> {
    return {
      ...validatePayload(1),
      overall: own.map(own_slo => ({ ...slo(), pooled: ['scenario-0'], own_slo }))
    }
  }

  /** The first cell of each pooled row (of the SLO `latency p95`), in a markdown table. */
  const pooledCells = (table: string): string[] =>
    [...table.matchAll(/^\| (\\\(all scenarios.*?) \| latency p95 \|/gm)].map(m => m[1]!)

  it('names each pooled row as validate names it, from the scenarios validate left out', () => {
    const payload = pooled([], ['Own target', 'slow'])
    const body = commentBody([results('validate', payload)], CONTEXT).body
    expect(pooledCells(body)).toEqual([
      '\\(all scenarios\\)',
      '\\(all scenarios except Own target, slow \\(own slo\\)\\)'
    ])
    // the same words as validate's own job summary for the same payload
    expect(pooledCells(body)).toEqual(pooledCells(sloTable(payload as unknown as ValidatePayload)))
  })

  it('escapes a hostile left-out name and ignores one that is not text', () => {
    const payload = pooled([HOSTILE, 7 as unknown as string])
    const body = commentBody([results('validate', payload)], CONTEXT).body
    const [label] = pooledCells(body)
    expect(label).toMatch(/^\\\(all scenarios except .* \\\(own slo\\\)\\\)$/)
    expect(label).toContain('\\<img src=x')
    expect(label).not.toMatch(/@(?!\u200b)/)
    expect(label).not.toContain('7')
  })
})
