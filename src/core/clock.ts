/** Time as a dependency: core code that waits takes a Clock, so tests can run it without sleeping. */

export interface Clock {
  /** Milliseconds since an arbitrary origin; only differences are meaningful. */
  now(): number
  /** Resolves after `ms` milliseconds, or early (without error) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/** The real clock: a monotonic `performance.now()` and `setTimeout`. */
export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise(resolve => {
      if (signal?.aborted) return resolve()
      const timer = setTimeout(done, Math.max(0, ms))
      function done(): void {
        clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      signal?.addEventListener('abort', done, { once: true })
    })
}

/** A source of uniform random numbers in [0, 1); `Math.random` by default. */
export type Random = () => number
