/**
 * ESLint's legacy config (.eslintrc*, package.json `eslintConfig`): `extends` and `plugins` name
 * packages by short names. https://eslint.org/docs/v8.x/use/configure/plugins#naming-convention and
 * https://eslint.org/docs/v8.x/use/configure/configuration-files#using-a-shareable-configuration-package
 * (flat configs import their plug-ins, which the import reader sees).
 */
import { toolConfigReader } from './tool-config.js'

/** `jest` → eslint-plugin-jest; `@scope` → @scope/eslint-plugin; `@scope/x` → @scope/eslint-plugin-x. */
function expandAs(name: string, kind: 'plugin' | 'config'): string[] {
  const prefix = `eslint-${kind}`
  if (name.startsWith('@')) {
    const [scope, rest] = name.split('/')
    if (!rest) return [`${scope}/${prefix}`]
    return rest.startsWith(prefix) ? [name] : [name, `${scope}/${prefix}-${rest}`]
  }
  const bare = name.split('/')[0]!
  return bare.startsWith(`${prefix}-`) ? [bare] : [bare, `${prefix}-${bare}`]
}

export const eslint = toolConfigReader({
  kind: 'ESLint config',
  files: /^\.eslintrc(\.(json|js|cjs|yml|yaml))?$/,
  packageJsonField: 'eslintConfig',
  expand(value) {
    if (value.startsWith('eslint:')) return []
    if (value.startsWith('plugin:'))
      return expandAs(
        value.slice(7, value.lastIndexOf('/') > 7 ? value.lastIndexOf('/') : undefined),
        'plugin'
      )
    return [...expandAs(value, 'config'), ...expandAs(value, 'plugin')]
  }
})
