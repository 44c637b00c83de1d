/**
 * PostCSS's config: plug-ins named as keys or strings (`plugins: { tailwindcss: {}, autoprefixer: {} }`),
 * which postcss-load-config requires by name (https://github.com/postcss/postcss-load-config#plugins).
 */
import { toolConfigReader } from './tool-config.js'

export const postcss = toolConfigReader({
  kind: 'PostCSS config',
  files: /^(\.postcssrc(\.(json|yml|yaml|js|cjs|mjs))?|postcss\.config\.(js|cjs|mjs|ts))$/,
  packageJsonField: 'postcss',
  keys: true,
  expand: value => [value]
})
