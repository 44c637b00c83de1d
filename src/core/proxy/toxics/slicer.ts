/** `slicer`: each chunk goes on in slices of `average_size` ± `size_variation` bytes, `delay` µs apart. */
import { defineToxic, sliceSizes } from '../toxic.js'

export const slicer = defineToxic<{ average_size: number; size_variation: number; delay: number }>({
  name: 'slicer',
  summary: 'splits data into small delayed pieces',
  attributes: {
    average_size: {
      parameter: 'average_size',
      default: 64,
      min: 1,
      meaning: 'average bytes per slice'
    },
    size_variation: {
      parameter: 'size_variation',
      default: 0,
      min: 0,
      meaning: '± bytes per slice'
    },
    delay: {
      parameter: 'slice_delay_us',
      default: 0,
      min: 0,
      meaning: 'microseconds between slices'
    }
  },
  chunk: (chunk, { average_size, size_variation, delay }, { random }) => ({
    ...chunk,
    slices: sliceSizes(chunk.data.length, average_size, size_variation, random),
    gap_ms: delay / 1000
  })
})
