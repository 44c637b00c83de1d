/** `bandwidth`: the stream passes at most `rate` KB/s, in pieces of 10 ms so a large chunk trickles. */
import { defineToxic, sliceSizes } from '../toxic.js'

export const bandwidth = defineToxic<{ rate: number }>({
  name: 'bandwidth',
  summary: 'caps the rate',
  attributes: {
    rate: { parameter: 'rate_kbps', default: 10, min: 0, meaning: 'the rate limit (KB/s)' }
  },
  chunk: (chunk, { rate }, { random }) =>
    rate > 0
      ? {
          ...chunk,
          // Toxiproxy's KB/s is bytes per millisecond; a slicer's slices, if set, are kept
          rate,
          slices:
            chunk.slices ??
            sliceSizes(chunk.data.length, Math.max(1, Math.round(rate * 10)), 0, random)
        }
      : chunk
})
