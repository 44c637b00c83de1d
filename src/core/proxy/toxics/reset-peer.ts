/** `reset_peer`: the connection is reset (TCP RST) `timeout` ms after the toxic meets it. */
import { defineToxic } from '../toxic.js'

export const resetPeer = defineToxic<{ timeout: number }>({
  name: 'reset_peer',
  summary: 'resets the connection',
  attributes: {
    timeout: {
      parameter: 'timeout_ms',
      default: 0,
      min: 0,
      meaning: 'reset after this long (0: at once)'
    }
  },
  connect: ({ timeout }) => ({ after_ms: timeout, then: 'reset' }),
  expect: () => ({ errors: true })
})
