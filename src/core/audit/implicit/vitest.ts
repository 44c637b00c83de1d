/**
 * Vitest's config: the coverage provider (`v8`, the default, or `istanbul`) is the package
 * @vitest/coverage-<provider> (https://vitest.dev/guide/coverage), and `environment` names jsdom or
 * happy-dom (https://vitest.dev/guide/environment).
 */
import { toolConfigReader } from './tool-config.js'

export const vitest = toolConfigReader({
  kind: 'Vitest config',
  files: /^vitest\.(config|workspace)\.(js|cjs|mjs|ts|cts|mts)$/,
  expand: value =>
    value === 'v8' || value === 'istanbul' ? [`@vitest/coverage-${value}`] : [value],
  implied: text =>
    /\bcoverage\s*:/.test(text) && !/\bprovider\s*:/.test(text) ? ['@vitest/coverage-v8'] : []
})
