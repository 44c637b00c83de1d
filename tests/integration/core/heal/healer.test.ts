/** The healer with real child processes: the cases issue #3 names. */
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { afterEach, describe, expect, it } from '@jest/globals'

import { defaultConfig } from '../../../../src/core/audit/config.js'
import { dependencyFixer } from '../../../../src/core/audit/heal-fix.js'
import { heal } from '../../../../src/core/heal/healer.js'
import { parseHealOptions, type RawHealOptions } from '../../../../src/core/heal/options.js'
import { BUILTIN_RULES } from '../../../../src/core/heal/rules.js'
import { mergeRules, parseRules } from '../../../../src/core/heal/rules-file.js'
import { survivors, tempDir, waitForPids } from '../../../helpers/processes.js'
import { closedPort, scriptedServer, type TestServer } from '../../../helpers/servers.js'
import { buildWheel } from '../../../helpers/wheels.js'

const servers: TestServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map(server => server.close()))
})

const fast: RawHealOptions = { retryDelay: '0.05', maxDelay: '0.2' }
const run = (raw: RawHealOptions, rules = BUILTIN_RULES, signal?: AbortSignal) =>
  heal(parseHealOptions({ ...fast, ...raw }), { rules, ...(signal ? { signal } : {}) })

describe('healing real commands', () => {
  it('heals a Python ModuleNotFoundError that the fix command repairs on its second try', async () => {
    const dir = await tempDir()
    await writeFile(path.join(dir, 'app.py'), 'import corpus_mod\nprint("ok", corpus_mod.X)\n')
    // the "install" fails once (a registry hiccup), then works
    const fix = `n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; [ $n -ge 2 ] && echo 'X = 1' > corpus_mod.py; true`
    const journal = await run({
      command: 'python3 app.py',
      workingDirectory: dir,
      onDependencyFailure: fix
    })
    expect(journal).toMatchObject({ outcome: 'flaky-pass', healed: true, category: 'dependency' })
    expect(journal.attempts).toHaveLength(3)
    expect(journal.attempts[0]).toMatchObject({
      rule: 'python-module-not-found',
      matched_line: "ModuleNotFoundError: No module named 'corpus_mod'",
      strategy: 'fix-dependencies',
      strategy_outcome: 'done'
    })
    expect(journal.attempts[2]!.excerpt).toContain('ok 1')
  })

  it('lets the dependency sentinel declare and install a safely mapped module, then retries', async () => {
    const dir = await tempDir()
    const wheels = path.join(dir, 'wheels')
    buildWheel(wheels, 'acme-sdk', 'acme_sdk')
    await writeFile(path.join(dir, 'requirements.txt'), '# app\n')
    const config = {
      ...defaultConfig(),
      packageMap: { acme_sdk: ['acme-sdk'] },
      pipArgs: ['--no-index', '--find-links', wheels, '--target', path.join(dir, 'site')]
    }
    const options = parseHealOptions({
      ...fast,
      command: `PYTHONPATH=site python3 -c 'import acme_sdk'`,
      workingDirectory: dir
    })
    const journal = await heal(options, {
      rules: BUILTIN_RULES,
      fixer: dependencyFixer(dir, config)
    })
    expect(journal).toMatchObject({ outcome: 'flaky-pass', category: 'dependency' })
    expect(journal.attempts[0]).toMatchObject({
      strategy: 'fix-dependencies',
      strategy_outcome: 'done'
    })
    expect(journal.attempts[0]!.dependency_changes.map(c => `${c.action} ${c.name}`)).toEqual([
      'added acme-sdk',
      'installed acme-sdk'
    ])
    expect(await readFile(path.join(dir, 'requirements.txt'), 'utf8')).toBe('# app\nacme-sdk\n')
  })

  it('stops when the sentinel can only guess the distribution, and says what to add', async () => {
    const dir = await tempDir()
    await writeFile(path.join(dir, 'requirements.txt'), '')
    const journal = await heal(
      parseHealOptions({
        ...fast,
        command: `python3 -c 'import mystery_mod'`,
        workingDirectory: dir
      }),
      { rules: BUILTIN_RULES, fixer: dependencyFixer(dir, defaultConfig()) }
    )
    expect(journal.attempts).toHaveLength(1)
    expect(journal.attempts[0]!.reason).toMatch(
      /'mystery_mod' may come from mystery-mod \(only a guess\): declare it yourself/
    )
    expect(await readFile(path.join(dir, 'requirements.txt'), 'utf8')).toBe('')
  })

  it('does not retry a configuration error and says which line', async () => {
    const dir = await tempDir()
    const journal = await run({
      command: `python3 -c "open('config/app.yml')"`,
      workingDirectory: dir
    })
    expect(journal).toMatchObject({ outcome: 'failed', category: 'configuration' })
    expect(journal.attempts).toHaveLength(1)
    expect(journal.attempts[0]).toMatchObject({ rule: 'missing-file', decision: 'stop' })
    expect(journal.attempts[0]!.matched_line).toMatch(
      /^FileNotFoundError: \[Errno 2\] No such file or directory: 'config\/app.yml'/
    )
  })

  it('ends a command that outlives its timeout together with the child it spawned', async () => {
    const dir = await tempDir()
    const pids = path.join(dir, 'pids')
    const journal = await run({
      command: `echo $$ >> ${pids}; sleep 60 & echo $! >> ${pids}; wait`,
      timeoutSeconds: '0.5',
      maxAttempts: '1'
    })
    const started = await waitForPids(pids, 2)
    expect(started).toHaveLength(2)
    expect(journal.attempts[0]).toMatchObject({
      timed_out: true,
      category: 'timeout',
      rule: 'attempt-timeout'
    })
    expect(journal.attempts[0]!.killed_pids).toEqual(expect.arrayContaining(started))
    expect(await survivors(started)).toEqual([])
  })

  it('leaves no process behind when cancelled mid-attempt', async () => {
    const dir = await tempDir()
    const pids = path.join(dir, 'pids')
    const controller = new AbortController()
    const healing = run(
      { command: `echo $$ >> ${pids}; sleep 60 & echo $! >> ${pids}; wait` },
      BUILTIN_RULES,
      controller.signal
    )
    const started = await waitForPids(pids, 2)
    controller.abort()
    const journal = await healing
    expect(journal).toMatchObject({ outcome: 'failed', cancelled: true })
    expect(journal.attempts).toHaveLength(1)
    expect(journal.attempts[0]).toMatchObject({
      cancelled: true,
      decision: 'stop',
      reason: 'cancelled'
    })
    expect(await survivors(started)).toEqual([])
  })

  it('waits for a service that comes up only after the first failure, then retries into a pass', async () => {
    const port = await closedPort()
    const url = `http://127.0.0.1:${port}/health`
    const probe = `fetch('${url}').then(r => { if (!r.ok) throw new Error('HTTP ' + r.status); console.log('up') }).catch(e => { console.error(e.cause?.message ?? e.message); process.exit(1) })`
    const options = parseHealOptions({
      ...fast,
      command: JSON.stringify([process.execPath, '-e', probe]),
      shell: 'none',
      healthUrl: url,
      healthTimeoutSeconds: '10'
    })
    let starting: Promise<TestServer> | undefined
    const journal = await heal(options, {
      rules: BUILTIN_RULES,
      onOutput: text => {
        if (text.includes('ECONNREFUSED'))
          starting ??= new Promise(resolve =>
            setTimeout(() => resolve(scriptedServer([{ status: 200 }], port)), 300)
          )
      }
    })
    servers.push(await starting!)
    expect(journal).toMatchObject({ outcome: 'flaky-pass', healed: true, category: 'health_check' })
    expect(journal.attempts).toHaveLength(2)
    expect(journal.attempts[0]).toMatchObject({
      rule: 'connection-refused',
      strategy: 'wait-for-health',
      strategy_outcome: 'done',
      delay_ms: 0
    })
  })

  it('follows user rules over the built-ins', async () => {
    const dir = await tempDir()
    const rules = mergeRules(
      parseRules(
        'rules.yml',
        "- name: missing-file\n  category: network\n  pattern: 'No such file'\n  retryable: true\n"
      ),
      BUILTIN_RULES
    )
    const command = `if [ ! -e seen ]; then touch seen; cat absent.txt; fi; echo fine`
    const journal = await run({ command, workingDirectory: dir }, rules)
    expect(journal).toMatchObject({ outcome: 'flaky-pass', category: 'network' })
    expect(journal.attempts[0]).toMatchObject({ rule: 'missing-file', rule_source: 'rules.yml' })
  })

  it('does not retry an exit code that matches no rule', async () => {
    // exit 4: the corpus model is under 60% sure of it (it reads a bare exit 3 as configuration)
    const journal = await run({ command: 'echo "something odd"; exit 4' })
    expect(journal).toMatchObject({ outcome: 'failed', category: 'unknown', exit_code: 4 })
    expect(journal.attempts).toHaveLength(1)
    expect(journal.attempts[0]!.excerpt).toBe('something odd')
  })

  it('classifies by the tail of a huge output and keeps an excerpt', async () => {
    const flood =
      "for (let i = 0; i < 20000; i++) console.log('progress line ' + i + ' ' + 'x'.repeat(900)); console.error(\"ModuleNotFoundError: No module named 'late'\"); process.exitCode = 1"
    const journal = await run({
      command: JSON.stringify([process.execPath, '-e', flood]),
      shell: 'none'
    })
    expect(journal.category).toBe('dependency')
    expect(journal.attempts[0]!.output_chars).toBeGreaterThan(18_000_000)
    expect(journal.attempts[0]!.excerpt).toContain("No module named 'late'")
    expect(journal.attempts[0]!.excerpt.length).toBeLessThanOrEqual(2001)
  })
})
