/**
 * What the runner makes of the bundled actions' workflow commands. GitHub shows at most 10 error and
 * 10 warning annotations per step and drops the rest silently (docs.github.com, "Workflow commands";
 * github.com/orgs/community/discussions/26680), and it reads `::endgroup::` only at the start of a
 * line. So: the most important annotations come first within those limits, a last one says how many
 * more the job summary has, and a command's output without a trailing newline cannot keep a log
 * group open.
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import { runAction } from '../helpers/action-runner.js'
import { injectPayload, scenario } from '../helpers/inject-results.js'
import { tempDir } from '../helpers/processes.js'
import { resultsFile } from '../helpers/results.js'

/** A scenario whose p95 under the fault is `ms`. */
const slow = (name: string, ms: number) =>
  scenario({
    name,
    baseline: { latencies: { ms: 5, requests: 200 } },
    inject: { latencies: { ms, requests: 200 } },
    recovery: { latencies: { ms: 5, requests: 100 } },
    recoverySeconds: 1
  })

describe('annotations within what GitHub shows', () => {
  it('shows 9 SLO errors, then the step’s own failure, 9 warnings and a notice counting the rest', async () => {
    const workspace = await tempDir()
    await mkdir(path.join(workspace, 'chaos-results'))
    // 14 scenarios over the blocking 300 ms (and the pooled row: 15 errors), then 12 between the
    // warning 100 ms and it.
    const names = [
      ...Array.from({ length: 14 }, (_, i) => `blocking-${String(i).padStart(2, '0')}`),
      ...Array.from({ length: 12 }, (_, i) => `warning-${String(i).padStart(2, '0')}`)
    ]
    const payload = injectPayload(names.map(n => slow(n, n.startsWith('blocking') ? 900 : 200)))
    await resultsFile(path.join(workspace, 'chaos-results'), 'inject', payload)
    const run = await runAction('validate', {
      workspace,
      inputs: {
        slos: "http_req_duration: ['p(95)<300']\nwarning:\n  http_req_duration: ['p(95)<100']"
      }
    })
    expect(run.exitCode).toBe(1)
    const of = (level: string) => run.annotations.filter(a => a.level === level)
    expect(of('error').length).toBeLessThanOrEqual(10)
    expect(of('warning').length).toBeLessThanOrEqual(10)
    // The blocking SLOs first, in the scenarios' order; the step's verdict fits in the last slot.
    const errors = of('error').map(a => a.message)
    expect(errors.slice(0, 9).map(m => m.split(':')[0])).toEqual(names.slice(0, 9))
    expect(errors[9]).toMatch(/FAILED/)
    expect(
      of('warning')
        .map(a => a.message.split(':')[0])
        .filter(name => name!.startsWith('warning'))
    ).toEqual(names.slice(14, 23))
    // The rest are counted where a reader sees them, and the summary has every one.
    expect(of('notice')).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          /^9 more annotations \(6 errors, 3 warnings\) are in the job summary/
        ) as unknown
      })
    ])
    for (const name of names) expect(run.summary).toContain(`| ${name.replace('-', '\\-')} |`)
  }, 60_000)
})

describe('log groups', () => {
  it('closes each attempt’s group on a line of its own after output with no trailing newline', async () => {
    const run = await runAction('heal', {
      inputs: {
        command: "printf 'the body of curl -fsS, no newline'; exit 3",
        'max-attempts': '2',
        'retry-delay': '0.05',
        'max-delay': '0.1',
        'retry-on': '3'
      }
    })
    expect(run.exitCode).toBe(1)
    const lines = run.stdout.split(/\r?\n/)
    const opened = lines.filter(line => line.startsWith('::group::'))
    const closed = lines.filter(line => line === '::endgroup::')
    expect(opened).toHaveLength(2)
    expect(closed).toHaveLength(2)
    // No command is left mid-line, where the runner would print it instead of obeying it.
    expect(lines.filter(line => /.::(?:end)?group::/.test(line))).toEqual([])
    expect(lines.filter(line => line === 'the body of curl -fsS, no newline')).toHaveLength(2)
  }, 60_000)
})
