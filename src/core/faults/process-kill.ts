/**
 * `process_kill`: the target process dies (SIGKILL by default, or SIGTERM). Restarting it is its
 * supervisor's job, or `restart_command`'s, which runs when the fault's duration is over. Recovery
 * is what the traffic measures; efficacy is that every PID touched is gone.
 */
import { type FaultPlugin, Params } from './plugin.js'
import {
  awaitExit,
  describeSelector,
  readRestartable,
  resolveProcess,
  type Restartable,
  restartWords,
  signalAll,
  startDetached,
  targetPids
} from './process-target.js'

interface Settings extends Restartable {
  signal: 'SIGKILL' | 'SIGTERM'
}

export const processKill: FaultPlugin<Settings> = {
  type: 'process_kill',
  route: 'tcp',
  oneShot: true,
  settings(scenario, file) {
    const params = new Params(scenario, file)
    return {
      ...readRestartable(params),
      signal: params.choice('signal', ['SIGKILL', 'SIGTERM'] as const, 'SIGKILL')
    }
  },
  describe: ({ selector, signal, restart }) =>
    `${signal} to ${describeSelector(selector)}; ${restartWords(restart)}`,
  resolve: ({ selector }) => resolveProcess(selector),
  async apply({ selector, signal, restart }, target) {
    const pids = targetPids(selector)
    if (restart)
      target.rollback.register('run restart_command', () => {
        startDetached(restart, target.env)
      })
    const reached = signalAll(pids, signal)
    const alive = await awaitExit(reached, 2000)
    return {
      details: {
        pids,
        signal,
        signalled: reached,
        still_alive: alive,
        restart_command: restart ?? null
      },
      efficacy: () => ({
        landed: reached.length > 0 && alive.length === 0,
        detail: `${signal} to ${pids.join(', ')}: ${alive.length === 0 ? 'all exited' : `still alive: ${alive.join(', ')}`}`
      })
    }
  }
}
