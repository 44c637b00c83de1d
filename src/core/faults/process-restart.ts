/**
 * `process_restart`: a graceful restart, as a deploy does it: SIGTERM, wait for the exit (SIGKILL
 * after `grace_seconds`), then `restart_command` at once (or the supervisor's restart). The fault's
 * duration is extra time before the rollback; recovery is measured from there.
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
  graceMs: number
}

export const processRestart: FaultPlugin<Settings> = {
  type: 'process_restart',
  oneShot: true,
  route: 'tcp',
  settings(scenario, file) {
    const params = new Params(scenario, file)
    return {
      ...readRestartable(params),
      graceMs: params.number('grace_seconds', 10, 0, 600) * 1000
    }
  },
  describe: ({ selector, graceMs, restart }) =>
    `SIGTERM ${describeSelector(selector)} (SIGKILL after ${graceMs / 1000} s); ${restartWords(restart)}`,
  resolve: ({ selector }) => resolveProcess(selector),
  async apply({ selector, graceMs, restart }, target) {
    const pids = targetPids(selector)
    signalAll(pids, 'SIGTERM')
    let alive = await awaitExit(pids, graceMs)
    const killed = alive.length > 0 ? signalAll(alive, 'SIGKILL') : []
    if (killed.length) alive = await awaitExit(killed, 2000)
    const restarted = restart ? startDetached(restart, target.env) : undefined
    return {
      details: { pids, killed_after_grace: killed, restart_pid: restarted ?? null },
      efficacy: () => ({
        landed: alive.length === 0,
        detail: `${pids.join(', ')} ${alive.length === 0 ? 'exited' : `still alive: ${alive.join(', ')}`}`
      })
    }
  }
}
