/**
 * Kernel network faults with `tc netem`, for `network_delay` and `network_loss` with `mode: netem`.
 * netem needs root or passwordless sudo (GitHub's hosted runners have it). When the runner does not
 * allow it, the fault says why and falls back to the proxy. The rule is removed by the rollback,
 * and the post step removes it too if this process dies. On `lo` netem delays every packet, so a
 * request through the proxy (four loopback crossings) gains about four times the delay.
 */
import { runCommand } from '../exec/run-command.js'
import type { Rollback } from '../experiment/rollback.js'

export interface Netem {
  /** `[]` as root, `['sudo', '-n']` with passwordless sudo. */
  prefix: string[]
}

async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<{ ok: boolean; why: string }> {
  try {
    const result = await runCommand({ argv }, { env, timeoutMs: 15_000 })
    return { ok: result.exitCode === 0, why: result.stderr.trim().split('\n')[0] ?? '' }
  } catch (error) {
    return { ok: false, why: (error as Error).message.split('\n')[0]! }
  }
}

/** How to run tc here, or why it cannot be run. */
export async function netemAccess(
  env: NodeJS.ProcessEnv,
  uid: number | undefined
): Promise<Netem | { reason: string }> {
  const tc = await run(['tc', '-V'], env)
  if (!tc.ok) return { reason: `tc is not available (${tc.why})` }
  if (uid === 0) return { prefix: [] }
  const sudo = await run(['sudo', '-n', 'true'], env)
  if (sudo.ok) return { prefix: ['sudo', '-n'] }
  return { reason: `tc netem needs root or passwordless sudo (${sudo.why || 'sudo -n failed'})` }
}

/**
 * Adds `netem <args>` as the root qdisc of `device`; the removal is registered first. Returns null
 * when it is in force, else why not (nothing is left behind then).
 */
export async function addNetem(
  access: Netem,
  device: string,
  args: string[],
  rollback: Rollback,
  env: NodeJS.ProcessEnv
): Promise<string | null> {
  const remove = [...access.prefix, 'tc', 'qdisc', 'del', 'dev', device, 'root']
  let added = false
  rollback.register(
    `remove the netem rule on ${device}`,
    async () => {
      if (!added) return
      const result = await run(remove, env)
      if (!result.ok) throw new Error(`${remove.join(' ')}: ${result.why}`)
    },
    { kind: 'exec', name: `netem rule on ${device}`, argv: remove }
  )
  const add = [...access.prefix, 'tc', 'qdisc', 'add', 'dev', device, 'root', 'netem', ...args]
  const result = await run(add, env)
  added = result.ok
  return result.ok ? null : `${add.join(' ')} failed: ${result.why}`
}
