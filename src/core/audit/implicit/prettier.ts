/**
 * Prettier's config: `plugins` by package name (https://prettier.io/docs/plugins) and a shared config
 * named as the whole config (https://prettier.io/docs/sharing-configurations).
 */
import { toolConfigReader } from './tool-config.js'

export const prettier = toolConfigReader({
  kind: 'Prettier config',
  files:
    /^(\.prettierrc(\.(json|json5|yml|yaml|js|cjs|mjs|ts|toml))?|prettier\.config\.(js|cjs|mjs|ts))$/,
  packageJsonField: 'prettier',
  expand: value => [value]
})
