/**
 * `mode: netem` — CONTRACT TESTS against stubs of tc and sudo on PATH (tests/fixtures/tc-stub),
 * because this machine's kernel has no netem. They check the rule chaos-ci adds and always removes,
 * and the fall-back to the proxy, with the reason, when the runner does not allow netem.
 */
import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'

import { ROOT } from '../../../helpers/action-runner.js'
import { tempDir } from '../../../helpers/processes.js'
import { okTarget, runYaml, scenarioYaml } from './helpers.js'

async function stubs(deny: boolean): Promise<{ env: NodeJS.ProcessEnv; log: string }> {
  const log = path.join(await tempDir(), 'tc.log')
  await writeFile(log, '')
  return {
    env: {
      ...process.env,
      PATH: `${path.join(ROOT, 'tests/fixtures/tc-stub')}:${process.env.PATH}`,
      TC_STUB_LOG: log,
      ...(deny ? { TC_STUB_DENY: '1' } : {})
    },
    log
  }
}

const calls = (log: string): string[] => readFileSync(log, 'utf8').trim().split('\n')

describe('tc netem (contract tests: tc and sudo stubs, no netem in this kernel)', () => {
  it('adds the netem rule on the interface for the fault and always removes it', async () => {
    const { env, log } = await stubs(false)
    const [result] = await runYaml(
      scenarioYaml('network_delay', 0.5, {
        delay_ms: 100,
        jitter_ms: 10,
        mode: 'netem',
        interface: 'lo'
      }),
      { target: await okTarget(), env }
    )
    expect(calls(log)).toEqual([
      '-V',
      'qdisc add dev lo root netem delay 100ms 10ms',
      'qdisc del dev lo root'
    ])
    expect(result!.details).toEqual({
      netem: { used: true, device: 'lo', args: ['delay', '100ms', '10ms'] }
    })
    // The stub adds no delay: the fault did not visibly land, so the scenario is invalid, not passed.
    expect(result!.status).toBe('invalid')
  })

  it('falls back to the proxy, saying why, when the runner refuses netem', async () => {
    const { env, log } = await stubs(true)
    const [result] = await runYaml(
      scenarioYaml('network_loss', 1, { loss_percent: 30, mode: 'netem' }),
      {
        target: await okTarget(),
        env,
        rate: 100
      }
    )
    expect(calls(log)).toEqual(['-V', 'qdisc add dev lo root netem loss 30%'])
    expect(result!.details).toMatchObject({
      toxic: 'loss',
      netem: {
        used: false,
        reason:
          'tc qdisc add dev lo root netem loss 30% failed: RTNETLINK answers: Operation not permitted'
      }
    })
    expect([result!.status, result!.reason]).toEqual(['passed', null])
  })
})
