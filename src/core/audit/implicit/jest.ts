/**
 * Jest's config: `preset`, `transform`, `reporters`, `testEnvironment` (`jsdom` is
 * jest-environment-jsdom) name packages. https://jestjs.io/docs/configuration#testenvironment-string
 */
import { toolConfigReader } from './tool-config.js'

export const jest = toolConfigReader({
  kind: 'Jest config',
  files: /^jest\.config\.(js|cjs|mjs|ts|cts|mts|json)$/,
  packageJsonField: 'jest',
  expand: value => [value, `jest-environment-${value}`]
})
