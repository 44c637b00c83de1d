/**
 * Collects what code under test writes to stdout in-process — @actions/core's workflow commands
 * (`::debug::`, `::add-mask::`, `[command]` lines of @actions/cache) — as the runner would read it,
 * instead of printing it into the test log. The runner hides `::debug::` lines unless step debug is
 * on; `npm test` should not print them either (docs/testing.md).
 */
type Hook = (fn: () => void) => void

export function captureRunnerOutput(hooks: { beforeEach: Hook; afterEach: Hook }): () => string {
  let captured = ''
  const stdout = process.stdout
  const original = Object.getOwnPropertyDescriptor(stdout, 'write')
  hooks.beforeEach(() => {
    captured = ''
    const collect = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()
      const done = rest.find(arg => typeof arg === 'function') as (() => void) | undefined
      done?.()
      return true
    }
    Object.defineProperty(stdout, 'write', { value: collect, configurable: true, writable: true })
  })
  hooks.afterEach(() => {
    if (original) Object.defineProperty(stdout, 'write', original)
    else delete (stdout as { write?: unknown }).write
  })
  return () => captured
}
