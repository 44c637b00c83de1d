/**
 * `timeout`: no data passes, and the connection closes after `timeout` ms; with 0 it stays open and
 * silent until the toxic is removed (a dependency that stops answering).
 */
import { defineToxic } from '../toxic.js'

export const timeout = defineToxic<{ timeout: number }>({
  name: 'timeout',
  summary: 'stops data, then closes',
  attributes: {
    timeout: {
      parameter: 'timeout_ms',
      default: 0,
      min: 0,
      meaning: 'close after this long (0: hold the connection, pass no data)'
    }
  },
  chunk: chunk => ({ ...chunk, drop: true }),
  connect: ({ timeout }) => (timeout > 0 ? { after_ms: timeout, then: 'close' } : null),
  expect: () => ({ errors: true })
})
