/** `slow_close`: the sender's close (FIN) is passed on `delay` ms late. */
import { defineToxic } from '../toxic.js'

export const slowClose = defineToxic<{ delay: number }>({
  name: 'slow_close',
  summary: 'delays the close',
  attributes: {
    delay: {
      parameter: 'delay_ms',
      default: 1000,
      min: 0,
      meaning: 'the delay before a close is passed on'
    }
  },
  end: ({ delay }) => delay
})
