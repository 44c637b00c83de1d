/**
 * Babel's config (.babelrc*, babel.config.*, package.json `babel`): presets and plug-ins by short
 * names, normalised as https://babeljs.io/docs/options#name-normalization says.
 */
import { toolConfigReader } from './tool-config.js'

function expand(value: string): string[] {
  const name = value.replace(/^module:/, '')
  if (name.startsWith('@')) {
    const [scope, rest] = name.split('/')
    if (!rest) return [`${scope}/babel-preset`, `${scope}/babel-plugin`]
    if (scope === '@babel') return [name, `@babel/preset-${rest}`, `@babel/plugin-${rest}`]
    return [name, `${scope}/babel-preset-${rest}`, `${scope}/babel-plugin-${rest}`]
  }
  return [name, `babel-preset-${name}`, `babel-plugin-${name}`]
}

export const babel = toolConfigReader({
  kind: 'Babel config',
  files: /^(\.babelrc(\.(json|js|cjs|mjs))?|babel\.config\.(json|js|cjs|mjs|cts|ts))$/,
  packageJsonField: 'babel',
  expand
})
