// `npm run test:reliability` (scripts/reliability.mjs): the reliability campaign of tests/reliability —
// fuzzing, the soak, the history at scale, faults in chaos-ci's own dependencies. Slower than `npm test`.
import base from './jest.config.js'

/** @type {import('jest').Config} */
export default {
  ...base,
  testPathIgnorePatterns: ['/node_modules/', '/tests/fixtures/'],
  testMatch: ['**/tests/reliability/**/*.test.ts'],
  testTimeout: 900_000,
  // one file at a time: the soak and the scale test measure memory and must not share the CPUs
  // (scripts/reliability.mjs runs the fuzzing and the dependency faults, which measure neither, two at a time)
  maxWorkers: 1
}
