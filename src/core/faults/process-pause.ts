/**
 * `process_pause`: SIGSTOP for the fault's duration, then SIGCONT, a hang or a long GC pause. The
 * SIGCONT is registered (and saved for the post step) before the SIGSTOP is sent, so a paused
 * process is resumed even if chaos-ci itself is killed: by the post step, or by the CLI's next run.
 * The PID's start time is saved with it, so a recycled PID is never signalled. Efficacy: every PID
 * was seen stopped.
 */
import { identify } from '../exec/process-tree.js'
import { type ProcessSelector, processState } from '../process/find.js'
import { type FaultPlugin, Params } from './plugin.js'
import {
  describeSelector,
  readSelector,
  resolveProcess,
  signalAll,
  targetPids
} from './process-target.js'

export const processPause: FaultPlugin<ProcessSelector> = {
  type: 'process_pause',
  route: 'tcp',
  settings: (scenario, file) => readSelector(new Params(scenario, file)),
  describe: selector => `SIGSTOP ${describeSelector(selector)} for the duration, then SIGCONT`,
  resolve: selector => resolveProcess(selector),
  async apply(selector, target) {
    const pids = targetPids(selector)
    for (const pid of pids)
      target.rollback.register(
        `SIGCONT ${pid}`,
        () => {
          signalAll([pid], 'SIGCONT')
        },
        { kind: 'signal', name: `SIGCONT ${pid}`, pid, signal: 'SIGCONT', ...identify(pid) }
      )
    const reached = signalAll(pids, 'SIGSTOP')
    await new Promise(resolve => setTimeout(resolve, 50))
    const stopped = reached.filter(pid => processState(pid) === 'T')
    return {
      details: { pids, stopped },
      efficacy: () => ({
        landed: stopped.length === pids.length,
        detail: `SIGSTOP to ${pids.join(', ')}: ${stopped.length} seen stopped`
      })
    }
  }
}
