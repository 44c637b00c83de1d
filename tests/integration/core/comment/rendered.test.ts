/**
 * The comment as GitHub renders it: the body built from results with hostile text in every field —
 * text, numbers and enums alike — through cmark-gfm with GitHub's extensions. No element the
 * comment does not write itself, no link but the run's, no mention or cross-reference; and a body
 * cut to GitHub's limit still renders its tables and closes its <details>.
 */
import { describe, expect, it } from '@jest/globals'

import { commentBody, fitComment } from '../../../../src/core/comment/body.js'
import { HOSTILE, LINKY, results, slo, validatePayload } from '../../../helpers/comment-results.js'
import { gfmAvailable, linksOf, mentions, renderGfm, tagsOf, textOf } from '../../../helpers/gfm.js'

const RUN = 'https://github.com/acme/shop/actions/runs/555'
const CONTEXT = { name: 'chaos', runUrl: RUN, reportedByPullRequest: true }
/** What the comment itself writes: its heading, tables, <details>, code spans and the run link. */
const OURS = [
  'a',
  'code',
  'details',
  'em',
  'h3',
  'p',
  'strong',
  'summary',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr'
]

function hostileResults() {
  const h = HOSTILE
  const anySlo = slo({
    label: h,
    metric: h,
    value: h,
    note: h,
    verdict: h,
    blocking: { op: h, threshold: h },
    warning: { op: '<', threshold: 1 },
    baseline: { median: h, runs: h, change: h, low: h, high: h, regression: h }
  })
  return [
    results('health', { healthy: h, attempts: h, endpoints: [{ healthy: h }] }),
    results('audit', { counts: { missing: h }, findings: h, imports: h, dependency_changes: h }),
    results('heal', {
      command: `npm test | ${h}`,
      outcome: h,
      category: h,
      attempts: [
        { number: h, exit_code: h, category: h, decision: h, strategy: h },
        { number: 2, exit_code: 0, category: null, decision: null, strategy: null }
      ]
    }),
    // Short enough to keep its whole tag after the clip: the pipe must not end the code span's cell.
    results('heal', {
      command: 'x | <img src=y onerror=alert(2)>',
      outcome: 'failed',
      attempts: [{ number: 1 }, { number: 2 }]
    }),
    results('inject', {
      dry_run: h,
      scenarios: [
        { name: h, status: h },
        { name: h, status: 'failed' }
      ],
      summary: { scenarios: h, by_status: { passed: h }, failed: h, invalid: h, mttr_seconds: h }
    }),
    results('validate', {
      ...validatePayload(1),
      passed: h,
      history: { runs: h },
      summary: { failed_slos: h, warned_slos: h, regressions: h, slos: h },
      scenarios: [
        { name: h, slos: [anySlo, slo({ label: LINKY, baseline: null, baseline_note: LINKY })] }
      ],
      overall: [{ ...anySlo, pooled: [h], own_slo: [h, h] }]
    })
  ]
}

const describeRendered = gfmAvailable() ? describe : describe.skip

describeRendered('the comment as GitHub renders it', () => {
  it('turns hostile text in every field into plain text: no element, link or mention it did not earn', async () => {
    const body = commentBody(hostileResults(), CONTEXT).body
    const html = await renderGfm(body)
    expect(tagsOf(html).filter(tag => !OURS.includes(tag))).toEqual([])
    expect(linksOf(html)).toEqual([RUN])
    const text = textOf(html)
    expect(mentions(text)).toEqual([])
    // The text is there to read, escaped rather than dropped, with every @ broken.
    expect(text).toContain('@\u200borg/team @\u200bhere #\u200b4242 <img src=x onerror=alert(1)>')
    // Its URLs are shown whole, as code a reader can copy, never as links.
    expect(text).toContain(
      LINKY.replace('@', '@\u200b').replace(/http:\/\/[^\s)]+/g, url => ` ${url} `)
    )
    expect(html).toContain('<code>http://evil.example/i.png</code>')
    expect(text).toContain('npm test | @\u200borg/team')
    expect(text.match(/@/g)!.length).toBeGreaterThan(10)
    expect(text).not.toMatch(/@(?!\u200b)/)
  })

  it('renders a body cut to the limit with its rows, the count of the rest, closed <details> and the link', async () => {
    const built = commentBody(
      [
        results(
          'validate',
          validatePayload(1_500, 1, i => `scenario${i}`, false)
        )
      ],
      { ...CONTEXT, runUrl: RUN }
    )
    const rest =
      'the job summary of [the run that posted this comment](https://github.com/acme/shop/actions/runs/9) has them'
    const html = await renderGfm(fitComment(built, rest))
    expect(html).toContain('<td>scenario0</td>')
    expect(html).toMatch(/<p><em>\d+ more row\(s\) cut at GitHub’s comment limit/)
    expect(html.indexOf('</details>')).toBeGreaterThan(html.lastIndexOf('<td>'))
    expect(linksOf(html)).toEqual(['https://github.com/acme/shop/actions/runs/9', RUN])
  })
})
