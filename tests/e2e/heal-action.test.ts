/** actions/heal through the bundled dist/heal/index.js, run as the runner runs it, on real processes. */
import { existsSync, readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'

import { afterEach, describe, expect, it } from '@jest/globals'

import type { HealJournal } from '../../src/core/heal/journal.js'
import { corpusModel, MODEL_MIN_CONFIDENCE } from '../../src/core/heal/model/classification.js'
import { readFailure } from '../../src/core/heal/model/predict.js'
import { parseResults } from '../../src/core/results/codec.js'
import { type ActionRun, runAction, type RunOptions } from '../helpers/action-runner.js'
import { readPidsNow, survivors, tempDir, waitForFile, waitForPids } from '../helpers/processes.js'
import { closedPort, scriptedServer, type TestServer } from '../helpers/servers.js'

const servers: TestServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map(server => server.close()))
})

const healAction = (inputs: Record<string, string>, extra: RunOptions = {}): Promise<ActionRun> =>
  runAction('heal', { ...extra, inputs: { 'retry-delay': '0.05', 'max-delay': '0.2', ...inputs } })

const errors = (run: ActionRun): string =>
  run.annotations
    .filter(a => a.level === 'error')
    .map(a => a.message)
    .join('\n')
/** The job summary with its Markdown escapes undone, to compare with plain text. */
const summaryText = (run: ActionRun): string =>
  run.summary.replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1')
function journalOf(run: ActionRun): HealJournal {
  const file = path.join(run.workspace, run.outputs['results-file']!)
  return parseResults<HealJournal>(file, readFileSync(file, 'utf8'), 'heal').payload
}

describe('actions/heal (bundled)', () => {
  it('heals a ModuleNotFoundError that fails twice, and flags the flaky pass', async () => {
    const dir = await tempDir()
    await writeFile(path.join(dir, 'app.py'), 'import corpus_mod\nprint("ok")\n')
    const fix = `n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; [ $n -lt 2 ] || touch corpus_mod.py`
    const run = await healAction({
      command: 'python3 app.py',
      'working-directory': dir,
      'on-dependency-failure': fix
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({
      attempts: '3',
      category: 'dependency',
      healed: 'true',
      outcome: 'flaky-pass',
      'exit-code': '0'
    })
    expect(run.annotations).toEqual([
      expect.objectContaining({
        level: 'warning',
        message: expect.stringMatching(
          /^flaky pass: passed only after retrying a dependency failure/
        ) as unknown,
        properties: { title: 'chaos-ci heal: flaky pass' }
      })
    ])
    expect(run.summary).toMatch(/⚠️ chaos-ci heal: flaky pass/)
    expect(run.stdout).toContain(
      "── attempt 1 failed (exit 1): dependency — rule 'python-module-not-found'"
    )
    expect(run.stdout).toContain("line 4: ModuleNotFoundError: No module named 'corpus_mod'")
    const journal = journalOf(run)
    expect(journal.attempts.map(a => a.strategy_outcome)).toEqual(['done', 'done', null])
  })

  it('fails a flaky pass when fail-on-flaky is true', async () => {
    const dir = await tempDir()
    const run = await healAction({
      command: '[ -e seen ] || { touch seen; echo "ECONNRESET" >&2; exit 1; }',
      'working-directory': dir,
      'fail-on-flaky': 'true'
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.outcome).toBe('flaky-pass')
    expect(errors(run)).toMatch(/fail-on-flaky is true/)
  })

  it('stops at a configuration error without retrying, naming the rule and the line', async () => {
    const dir = await tempDir()
    await writeFile(path.join(dir, 'config.json'), '{"a": 1,}')
    const run = await healAction({
      command: "node -e \"JSON.parse(require('fs').readFileSync('config.json', 'utf8'))\"",
      'working-directory': dir
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({
      attempts: '1',
      category: 'configuration',
      healed: 'false',
      outcome: 'failed'
    })
    expect(errors(run)).toMatch(
      /^failed: configuration — rule 'json-syntax', line \d+: SyntaxError: .*JSON/
    )
  })

  it('ends an attempt past its timeout together with its child, by PID', async () => {
    const dir = await tempDir()
    const pids = path.join(dir, 'pids')
    const run = await healAction({
      command: `echo $$ >> ${pids}; sleep 60 & echo $! >> ${pids}; wait`,
      'timeout-seconds': '0.5',
      'max-attempts': '1'
    })
    const started = await waitForPids(pids, 2)
    expect(run.outputs).toMatchObject({
      category: 'timeout',
      outcome: 'failed',
      'exit-code': '143'
    })
    expect(await survivors(started)).toEqual([])
  })

  it('leaves no process behind when the job is cancelled mid-attempt', async () => {
    const dir = await tempDir()
    const pids = path.join(dir, 'pids')
    const run = await healAction(
      { command: `echo $$ >> ${pids}; sleep 60 & echo $! >> ${pids}; wait` },
      // mid-attempt: once the shell and its sleep have both written their PIDs
      { signal: { name: 'SIGTERM', when: () => readPidsNow(pids).length >= 2 } }
    )
    const started = await waitForPids(pids, 2)
    expect(started).toHaveLength(2)
    expect(run.exitCode).toBe(1)
    expect(journalOf(run)).toMatchObject({ cancelled: true, outcome: 'failed' })
    expect(await survivors(started)).toEqual([])
  })

  it('waits for a service that comes up after the first failure, then passes', async () => {
    const port = await closedPort()
    const url = `http://127.0.0.1:${port}/health`
    // the service comes up once the first attempt has failed, however long that takes on a busy machine
    const failed = path.join(await tempDir(), 'failed-once')
    void waitForFile(failed, 30_000).then(async () =>
      servers.push(await scriptedServer([{ status: 200 }], port))
    )
    const probe = `fetch('${url}').then(r => console.log('status', r.status)).catch(e => { console.error(String(e.cause)); process.exitCode = 1; require('fs').writeFileSync(${JSON.stringify(failed)}, '') })`
    const run = await healAction({
      command: JSON.stringify(['node', '-e', probe]),
      shell: 'none',
      'health-url': url,
      'health-timeout-seconds': '20'
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({
      outcome: 'flaky-pass',
      category: 'health_check',
      attempts: '2'
    })
    expect(journalOf(run).attempts[0]).toMatchObject({
      strategy: 'wait-for-health',
      strategy_outcome: 'done'
    })
  })

  it('applies inline user rules before the built-ins', async () => {
    const dir = await tempDir()
    const rules = "- name: vendor-flake\n  category: network\n  pattern: 'VENDOR-API-7'\n"
    const run = await healAction({
      command: '[ -e seen ] || { touch seen; echo "error VENDOR-API-7"; exit 1; }',
      'working-directory': dir,
      rules
    })
    expect(run.outputs).toMatchObject({ outcome: 'flaky-pass', category: 'network' })
    expect(journalOf(run).attempts[0]).toMatchObject({
      rule: 'vendor-flake',
      rule_source: "input 'rules'"
    })
  })

  it('rejects an invalid rules file before running anything', async () => {
    const dir = await tempDir()
    await writeFile(
      path.join(dir, 'heal-rules.yml'),
      "rules:\n  - name: broken\n    category: network\n    pattern: '(oops'\n"
    )
    const run = await healAction({
      command: 'touch ran',
      'working-directory': dir,
      rules: 'heal-rules.yml'
    })
    expect(run.exitCode).toBe(1)
    expect(errors(run)).toMatch(
      /^heal-rules\.yml:4:5: rules\[0\]\.pattern: rule 'broken' has an invalid pattern: .*\nFix: /
    )
    expect(existsSync(path.join(dir, 'ran'))).toBe(false)
    expect(run.outputs).toEqual({})
  })

  it('does not retry an exit code that matches no rule', async () => {
    const run = await healAction({ command: 'exit 3' })
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({ attempts: '1', category: 'unknown', 'exit-code': '3' })
  })

  it('keeps an excerpt of a very large output', async () => {
    const flood =
      "for (let i = 0; i < 20000; i++) console.log('line ' + i + ' ' + 'x'.repeat(900)); console.log('Error: getaddrinfo EAI_AGAIN example.test'); process.exitCode = 1"
    const run = await healAction({
      command: JSON.stringify(['node', '-e', flood]),
      shell: 'none',
      'max-attempts': '2'
    })
    const journal = journalOf(run)
    expect(journal.category).toBe('network')
    expect(journal.attempts[1]!.excerpt).toContain('EAI_AGAIN')
    expect(
      readFileSync(path.join(run.workspace, run.outputs['results-file']!), 'utf8').length
    ).toBeLessThan(20_000)
  })

  it('rejects bad inputs by name', async () => {
    const run = await healAction({ command: 'true', 'max-attempts': '0' })
    expect(run.exitCode).toBe(1)
    expect(errors(run)).toMatch(
      /^input 'max-attempts': '0' is not a whole number from 1 to 100\.\nFix: /
    )
  })

  it('does not run a pip fix for a go.sum error, and the summary says what to do', async () => {
    const dir = await tempDir()
    const run = await healAction({
      command:
        "echo 'main.go:4:2: missing go.sum entry for module providing package example.com/retry' >&2; exit 1",
      'working-directory': dir,
      'on-dependency-failure': 'pip install -r requirements.txt; touch fixed'
    })
    expect(run.exitCode).toBe(1)
    expect(existsSync(path.join(dir, 'fixed'))).toBe(false)
    expect(run.outputs).toMatchObject({ attempts: '1', category: 'dependency', outcome: 'failed' })
    expect(errors(run)).toMatch(
      /the failure is a go dependency but on-dependency-failure installs python packages: it was not run.*\nWhat to do: Make on-dependency-failure fix go dependencies \(e\.g\. go mod tidy\)/
    )
    expect(summaryText(run)).toContain(
      '**What to do:** Make on-dependency-failure fix go dependencies (e.g. go mod tidy)'
    )
    expect(journalOf(run).attempts[0]!.next_step).toMatch(/^Make on-dependency-failure fix go/)
  })

  it('calls a refused address configuration when the health URL answers, and does not retry', async () => {
    const health = await scriptedServer([{ status: 200 }])
    servers.push(health)
    const refused = await closedPort()
    const probe = `fetch('http://127.0.0.1:${refused}/').catch(e => { console.error(String(e.cause)); process.exitCode = 1 })`
    const run = await healAction({
      command: JSON.stringify(['node', '-e', probe]),
      shell: 'none',
      'health-url': `${health.url}/health`,
      'health-timeout-seconds': '10'
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({
      attempts: '1',
      category: 'configuration',
      outcome: 'failed'
    })
    expect(errors(run)).toContain(
      `the health URL answers but 127.0.0.1:${refused} refuses connections: the step dials the wrong address`
    )
    expect(run.summary).toMatch(
      /\*\*What to do:\*\* Point the step at the address the service listens on/
    )
  })

  it('stops after a second attempt that hangs at the same line', async () => {
    const run = await healAction({
      command: 'echo "waiting for the lock"; sleep 60',
      'timeout-seconds': '0.5',
      'max-attempts': '4'
    })
    expect(run.outputs).toMatchObject({ attempts: '2', category: 'timeout', outcome: 'failed' })
    expect(errors(run)).toMatch(
      /it hung the same way twice: a third attempt would hang again\)\nWhat to do: Find the hang: both attempts stopped after printing 'waiting for the lock'/
    )
  })

  it('retries a failure no rule knows when the corpus model reads it as network, unless on-unknown is stop', async () => {
    const dir = await tempDir()
    // a line no rule matches and the committed model reads as network: a retrain can move its
    // reading, so that is checked first (when it fails, pick another line readFailure reads so)
    const line = 'Trying to resolve the latest mirror from remote'
    const reading = readFailure(corpusModel(), line, 1)
    expect({
      category: reading.category,
      sure: reading.confidence >= MODEL_MIN_CONFIDENCE
    }).toEqual({ category: 'network', sure: true })
    const command = `[ -e seen ] || { touch seen; echo "${line}"; exit 1; }`
    const retried = await healAction({ command, 'working-directory': dir })
    expect(retried.outputs).toMatchObject({
      attempts: '2',
      category: 'network',
      outcome: 'flaky-pass'
    })
    expect(retried.stdout).toContain(
      'no rule matched; the corpus model reads it as network, and on-unknown is model'
    )
    const stopped = await healAction({
      command: command.replaceAll('seen', 'seen2'),
      'working-directory': dir,
      'on-unknown': 'stop'
    })
    expect(stopped.outputs).toMatchObject({ attempts: '1', category: 'network', outcome: 'failed' })
    // the setting, not the failure, is what to change: no "allow more attempts" advice
    expect(errors(stopped)).toMatch(
      /What to do: No rule matched, and the corpus model reads this as a network failure, which a retry can clear; on-unknown is stop, so it was not retried\. Set on-unknown: model \(the default\)/
    )
    expect(errors(stopped)).not.toMatch(/allow more attempts/)
  })

  it('retries a failure no rule knows with on-unknown: retry', async () => {
    const dir = await tempDir()
    const command = '[ -e seen ] || { touch seen; echo "exited oddly"; exit 3; }'
    const stopped = await healAction({ command, 'working-directory': dir })
    expect(stopped.outputs).toMatchObject({ attempts: '1', category: 'unknown', outcome: 'failed' })
    expect(summaryText(stopped)).toContain('add a rule for it in .chaos-ci/heal-rules.yml')
    const retried = await healAction({
      command: command.replaceAll('seen', 'seen2'),
      'working-directory': dir,
      'on-unknown': 'retry'
    })
    expect(retried.outputs).toMatchObject({
      attempts: '2',
      category: 'unknown',
      outcome: 'flaky-pass'
    })
    expect(retried.summary).not.toContain('What to do')
  })
})
