/** Cancellation: a cancelled runner step gets SIGINT, then SIGTERM; a terminal user presses Ctrl-C. */

/** The part of `process` that delivers signals; a plain EventEmitter in tests. */
export interface SignalSource {
  once(event: NodeJS.Signals, listener: () => void): unknown
  off(event: NodeJS.Signals, listener: () => void): unknown
}

/** An AbortSignal that fires on the first SIGINT or SIGTERM; `dispose` removes the listeners. */
export function cancelSignal(source: SignalSource = process): {
  signal: AbortSignal
  dispose: () => void
} {
  const controller = new AbortController()
  const onSignal = (): void => controller.abort()
  source.once('SIGINT', onSignal)
  source.once('SIGTERM', onSignal)
  return {
    signal: controller.signal,
    dispose: () => {
      source.off('SIGINT', onSignal)
      source.off('SIGTERM', onSignal)
    }
  }
}
