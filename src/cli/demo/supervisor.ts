/**
 * The demo's process manager: it starts the service, starts it again whenever it dies (as systemd,
 * a container runtime or Kubernetes would, which is what a crash scenario relies on), and stops it
 * for good at the end. Its undo — stop — is the one `finally` of the demo.
 */
import { type BackgroundProcess } from '../../core/exec/background.js'

export interface Supervised {
  /** The service as it runs now. */
  current(): BackgroundProcess
  /** How many times it was restarted. */
  restarts(): number
  /** Stops it and restarts no more. */
  stop(): Promise<void>
}

/**
 * Starts the service with `start` and waits for `ready` on its output; restarts it `delayMs` after
 * each exit until stopped. `log` hears of each restart.
 */
export async function supervise(
  start: () => BackgroundProcess,
  ready: RegExp,
  log: (line: string) => void,
  delayMs = 200
): Promise<Supervised> {
  let process = start()
  let restarts = 0
  let stopping = false
  const watch = (child: BackgroundProcess): void => {
    void child.exited.then(() => {
      if (stopping) return
      setTimeout(() => {
        if (stopping) return
        restarts++
        log(`demo supervisor: the service (pid ${child.pid}) exited; starting it again`)
        process = start()
        process.waitForLine(ready, 10_000).catch(error => log(`demo supervisor: ${String(error)}`))
        watch(process)
      }, delayMs)
    })
  }
  await process.waitForLine(ready, 10_000)
  watch(process)
  return {
    current: () => process,
    restarts: () => restarts,
    async stop() {
      stopping = true
      await process.stop()
    }
  }
}
