/** Cancellation: the runner sends SIGINT, then SIGTERM, to a cancelled step. */

/** An AbortSignal that fires on the first SIGINT or SIGTERM; `dispose` removes the listeners. */
export function cancelSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController()
  const onSignal = (): void => controller.abort()
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  }
}
