/**
 * Vite projects: Vite compiles `.scss`/`.sass`, `.less` and `.styl` files with the pre-processor the
 * project installs, loaded by name (https://vite.dev/guide/features#css-pre-processors).
 */
import { baseName, type ImplicitReader, type ImplicitUse } from './types.js'

const CONFIG = /^vite\.config\.(js|cjs|mjs|ts|cts|mts)$/
const PREPROCESSORS: ReadonlyArray<[RegExp, readonly string[]]> = [
  [/\.s[ac]ss$/, ['sass', 'sass-embedded']],
  [/\.less$/, ['less']],
  [/\.styl(us)?$/, ['stylus']]
]

export const vite: ImplicitReader = {
  kind: 'Vite config',
  wants: name => CONFIG.test(name) || PREPROCESSORS.some(([pattern]) => pattern.test(name)),
  read(input) {
    const configs = input.files.filter(file => CONFIG.test(baseName(file)))
    const uses: ImplicitUse[] = []
    for (const config of configs) {
      const dir = config.includes('/') ? config.slice(0, config.lastIndexOf('/') + 1) : ''
      for (const [pattern, names] of PREPROCESSORS) {
        const styled = input.files.find(file => file.startsWith(dir) && pattern.test(file))
        if (styled)
          uses.push(
            ...names.map(name => ({
              name,
              kind: this.kind,
              file: config,
              line: 1,
              evidence: `Vite compiles ${styled} with the ${name} pre-processor`
            }))
          )
      }
    }
    return uses
  }
}
