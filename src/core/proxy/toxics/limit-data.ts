/** `limit_data`: the connection closes once `bytes` bytes have passed on this stream. */
import { defineToxic } from '../toxic.js'

export const limitData = defineToxic<{ bytes: number }>({
  name: 'limit_data',
  summary: 'closes after N bytes',
  attributes: {
    bytes: {
      parameter: 'bytes',
      default: 0,
      min: 0,
      meaning: 'close the connection after this many bytes'
    }
  },
  chunk: (chunk, { bytes }, context) => {
    const room = Math.max(0, bytes - context.bytes)
    return chunk.data.length < room
      ? chunk
      : { ...chunk, data: chunk.data.subarray(0, room), close: true }
  },
  expect: () => ({ errors: true })
})
