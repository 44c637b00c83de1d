/**
 * A toxic that is not chaos-ci's, for the tests: it XORs every byte with `mask`, so its effect on a
 * connection is unmistakable (0x20 flips the case of ASCII letters). One file, as a new toxic is.
 */
import { defineToxic } from '../../src/core/proxy/toxic.js'

export const xorBytes = defineToxic<{ mask: number }>({
  name: 'xor_bytes',
  summary: 'flips bits of every byte',
  attributes: {
    mask: { parameter: 'xor_mask', default: 0x20, min: 0, max: 255, meaning: 'the bits to flip' }
  },
  chunk: (chunk, { mask }) => ({ ...chunk, data: chunk.data.map(byte => byte ^ mask) as Buffer }),
  expect: () => ({ errors: true })
})
