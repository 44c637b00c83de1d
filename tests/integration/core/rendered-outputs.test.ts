/**
 * Job summaries and the sticky comment as GitHub renders them (cmark-gfm with table and autolink,
 * tests/helpers/gfm.ts): every link's href is exactly the URL meant — outside text's URLs are never
 * escaped, `https://github\.com/…` would render as `href="https://github%5C.com/…"` — and every table
 * has the rows and columns meant, with the cells' text intact. The weekly report's tables are checked
 * in tests/integration/core/report/report.test.ts.
 */
import { describe, expect, it } from '@jest/globals'

import { commentBody } from '../../../src/core/comment/body.js'
import { SLO_HEADER } from '../../../src/core/comment/slo.js'
import { healthMarkdown } from '../../../src/core/health/describe.js'
import type { HealthReport } from '../../../src/core/health/wait.js'
import { validateMarkdown } from '../../../src/core/validate/describe.js'
import type { ValidatePayload } from '../../../src/core/validate/payload.js'
import { results, slo, validatePayload } from '../../helpers/comment-results.js'
import { gfmAvailable, linksOf, renderGfm, tablesOf } from '../../helpers/gfm.js'

/** URLs with every character escaping used to touch: dots, `#`, `_`, `*`, `&`, `(…)`, `~`, `-`. */
const DOCS = 'https://github.com/acme/shop/blob/main/docs/slo_targets.md#max-error-rate'
const QUERY = 'https://grafana.example/d/abc-1/shop?var-x=a*b&from=now-1h&to=now#panel~2'
const WIKI = 'https://en.wikipedia.org/wiki/Tail_(latency)'

function endpoint(url: string, lastError: string | null): HealthReport['endpoints'][number] {
  return {
    url,
    healthy: lastError === null,
    probes: 3,
    consecutiveSuccesses: lastError === null ? 2 : 0,
    lastKind: null,
    lastStatus: lastError === null ? 200 : 503,
    lastError,
    elapsedMs: 1500
  }
}

const describeRendered = gfmAvailable() ? describe : describe.skip

describeRendered('outputs as GitHub renders them', () => {
  it('health: the error’s URLs are links to exactly those URLs, in a table of one row per endpoint', async () => {
    const report: HealthReport = {
      healthy: false,
      cancelled: false,
      attempts: 3,
      elapsedMs: 1500,
      endpoints: [
        endpoint('http://127.0.0.1:8080/health', `503 from ${DOCS}, see ${QUERY}.`),
        endpoint('http://127.0.0.1:8080/ready', null),
        endpoint('http://127.0.0.1:8080/live?x=1|2', `redirected to ${WIKI}; *not* followed`)
      ]
    }
    const html = await renderGfm(healthMarkdown(report, 2))
    expect(linksOf(html)).toEqual([DOCS, QUERY, WIKI])
    const [table, ...more] = tablesOf(html)
    expect(more).toEqual([])
    expect(table!.header).toEqual([
      'endpoint',
      'state',
      'last status',
      'last error',
      'in a row',
      'probes',
      'time'
    ])
    expect(table!.rows.map(row => row.length)).toEqual([7, 7, 7])
    expect(table!.rows.map(row => row[0])).toEqual(report.endpoints.map(e => e.url))
    expect(table!.rows[0]![3]).toBe(`503 from ${DOCS}, see ${QUERY}.`)
    expect(table!.rows[2]![3]).toBe(`redirected to ${WIKI}; *not* followed`)
  })

  it('validate: a note’s URL is a link to it, and the SLO table has a row per SLO and its 7 columns', async () => {
    const payload = validatePayload(3, 2) as unknown as ValidatePayload
    payload.scenarios[1]!.slos[0] = slo({
      label: 'error rate',
      note: `only 12 samples, see ${DOCS}`
    }) as unknown as ValidatePayload['scenarios'][number]['slos'][number]
    payload.history.note = `no baseline yet (${QUERY})`
    const html = await renderGfm(validateMarkdown(payload, { status: 'passed' } as never))
    expect(linksOf(html)).toEqual([DOCS, QUERY])
    const [table] = tablesOf(html)
    expect(table!.header).toHaveLength(7)
    expect(table!.rows).toHaveLength(6)
    expect(table!.rows.every(row => row.length === 7)).toBe(true)
    expect(table!.rows.map(row => row[0])).toEqual([
      'scenario-0',
      'scenario-0',
      'scenario-1',
      'scenario-1',
      'scenario-2',
      'scenario-2'
    ])
    expect(table!.rows[2]![2]).toContain(`(only 12 samples, see ${DOCS})`)
  })

  it('the comment: the run link’s href is the run URL itself, even with characters Markdown reads', async () => {
    // `&copy;` would be read as the entity ©, and `(` and `_` as Markdown, if written raw.
    const run = 'https://ghe.example/acme/shop_(eu)/actions/runs/555?attempt=2&copy;=1'
    const body = commentBody([results('validate', validatePayload(4, 2))], {
      name: 'chaos',
      runUrl: run,
      reportedByPullRequest: true
    }).body
    const html = await renderGfm(body)
    expect(linksOf(html)).toEqual([run])
    const [stages, slos, ...more] = tablesOf(html)
    expect(more).toEqual([])
    expect(stages!.header).toEqual(['stage', '', 'result'])
    expect(stages!.rows.map(row => row[0])).toEqual(['validate'])
    expect(slos!.header).toEqual(SLO_HEADER)
    expect(slos!.rows).toHaveLength(8)
    expect(slos!.rows.every(row => row.length === 7)).toBe(true)
    expect(slos!.rows.map(row => row[0])).toEqual(
      [0, 0, 1, 1, 2, 2, 3, 3].map(i => `scenario-${i}`)
    )
  })
})
