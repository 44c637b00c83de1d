/**
 * Strategies that check their own success, with real parts: a health server and a refused port on
 * 127.0.0.1, pip installing a local wheel, a second Python (a virtualenv) that does not see it.
 */
import { execFileSync } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { afterEach, describe, expect, it } from '@jest/globals'

import { defaultConfig } from '../../../../src/core/audit/config.js'
import { dependencyFixer } from '../../../../src/core/audit/heal-fix.js'
import { heal } from '../../../../src/core/heal/healer.js'
import { parseHealOptions, type RawHealOptions } from '../../../../src/core/heal/options.js'
import { BUILTIN_RULES } from '../../../../src/core/heal/rules.js'
import { tempDir } from '../../../helpers/processes.js'
import { closedPort, scriptedServer, type TestServer } from '../../../helpers/servers.js'
import { buildWheel } from '../../../helpers/wheels.js'

const servers: TestServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map(server => server.close()))
})

const fast: RawHealOptions = { retryDelay: '0.05', maxDelay: '0.2', healthTimeoutSeconds: '5' }

describe('a connection-refused retry', () => {
  it('is configuration, not retried, when the health URL answers but the dialled port refuses', async () => {
    const health = await scriptedServer([{ status: 200 }])
    servers.push(health)
    const refused = await closedPort()
    const probe = `fetch('http://127.0.0.1:${refused}/').catch(e => { console.error(String(e.cause)); process.exit(1) })`
    const journal = await heal(
      parseHealOptions({
        ...fast,
        command: JSON.stringify([process.execPath, '-e', probe]),
        shell: 'none',
        healthUrl: `${health.url}/health`
      }),
      { rules: BUILTIN_RULES }
    )
    expect(journal).toMatchObject({ outcome: 'failed', category: 'configuration' })
    expect(journal.attempts).toHaveLength(1)
    expect(journal.attempts[0]).toMatchObject({
      rule: 'connection-refused',
      category: 'configuration',
      strategy: 'wait-for-health',
      strategy_outcome: 'failed',
      decision: 'stop',
      reason: `the health URL answers but 127.0.0.1:${refused} refuses connections: the step dials the wrong address (a container job should use the service name; check the port mapping and IPv4/IPv6 localhost)`
    })
    expect(journal.attempts[0]!.next_step).toMatch(/^Point the step at the address the service/)
  })

  it('is retried as before when the failure names no address', async () => {
    const health = await scriptedServer([{ status: 200 }])
    servers.push(health)
    const dir = await tempDir()
    const journal = await heal(
      parseHealOptions({
        ...fast,
        command: '[ -e seen ] || { touch seen; echo "psql: Connection refused" >&2; exit 1; }',
        workingDirectory: dir,
        healthUrl: `${health.url}/health`
      }),
      { rules: BUILTIN_RULES }
    )
    expect(journal).toMatchObject({ outcome: 'flaky-pass', category: 'health_check' })
    expect(journal.attempts[0]).toMatchObject({ strategy_outcome: 'done', decision: 'retry' })
  })
})

/** A project with a local wheel of acme-sdk, and a sentinel that installs it into ./site. */
async function sentinelProject(requirements: string) {
  const dir = await tempDir()
  const wheels = path.join(dir, 'wheels')
  buildWheel(wheels, 'acme-sdk', 'acme_sdk')
  await writeFile(path.join(dir, 'requirements.txt'), requirements)
  const config = {
    ...defaultConfig(),
    packageMap: { acme_sdk: ['acme-sdk'] },
    pipArgs: ['--no-index', '--find-links', wheels, '--target', path.join(dir, 'site')]
  }
  const run = (command: string) =>
    heal(parseHealOptions({ ...fast, command, workingDirectory: dir }), {
      rules: BUILTIN_RULES,
      fixer: dependencyFixer(dir, config)
    })
  return { dir, run }
}

describe('the dependency sentinel', () => {
  it('installs a name already declared without adding it again', async () => {
    const { dir, run } = await sentinelProject('flask\nacme-sdk\n')
    const journal = await run(`PYTHONPATH=site python3 -c 'import acme_sdk'`)
    expect(journal).toMatchObject({ outcome: 'flaky-pass', category: 'dependency' })
    expect(journal.attempts[0]!.dependency_changes.map(c => `${c.action} ${c.name}`)).toEqual([
      'already-declared acme-sdk',
      'installed acme-sdk'
    ])
    expect(await readFile(path.join(dir, 'requirements.txt'), 'utf8')).toBe('flask\nacme-sdk\n')
  })

  it("fails without a retry when the step's own interpreter still cannot import it", async () => {
    const { dir, run } = await sentinelProject('flask\n')
    execFileSync('python3', ['-m', 'venv', '--without-pip', path.join(dir, 'venv')])
    const journal = await run(`venv/bin/python -c 'import acme_sdk'`)
    expect(journal.attempts).toHaveLength(1)
    expect(journal.attempts[0]).toMatchObject({
      strategy: 'fix-dependencies',
      strategy_outcome: 'failed',
      decision: 'stop',
      reason:
        'the installed acme-sdk is not importable by venv/bin/python: a retry would fail the same way'
    })
    expect(journal.attempts[0]!.strategy_detail).toMatch(
      /^installed acme-sdk, but venv\/bin\/python -c "import acme_sdk" still fails \(ModuleNotFoundError: No module named 'acme_sdk'\): acme-sdk went to another interpreter or environment than venv\/bin\/python's$/
    )
    expect(await readFile(path.join(dir, 'requirements.txt'), 'utf8')).toBe('flask\nacme-sdk\n')
  })

  it('stops when the module it installed is missing again on the retry: the fix did not take', async () => {
    const { dir, run } = await sentinelProject('')
    // the first python sees ./site, the second (isolated) one never does
    const journal = await run(
      `PYTHONPATH=site python3 -c 'import acme_sdk' && python3 -I -c 'import acme_sdk'`
    )
    expect(journal.attempts).toHaveLength(2)
    expect(journal.attempts[0]).toMatchObject({ strategy_outcome: 'done', decision: 'retry' })
    expect(journal.attempts[1]).toMatchObject({
      category: 'dependency',
      decision: 'stop',
      reason: "the fix did not take: 'acme_sdk' is still missing after the sentinel installed it"
    })
    expect(await readFile(path.join(dir, 'requirements.txt'), 'utf8')).toBe('acme-sdk\n')
  })
})
