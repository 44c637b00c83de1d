/**
 * tsconfig.json / jsconfig.json: `jsx: react-jsx` compiles JSX to imports of react/jsx-runtime (or of
 * `jsxImportSource`), `types` loads packages' types, and `extends` may name a package
 * (https://www.typescriptlang.org/tsconfig/#jsx, #jsxImportSource, #types, #extends).
 */
import { specifierTarget } from '../names.js'
import { baseName, type ImplicitReader, type ImplicitUse, lineAt } from './types.js'

const CONFIG = /^[tj]sconfig(\.[\w.-]+)?\.json$/

export const tsconfig: ImplicitReader = {
  kind: 'tsconfig',
  wants: name => CONFIG.test(name),
  read(input) {
    return input.files
      .filter(file => CONFIG.test(baseName(file)))
      .flatMap(file => {
        const text = input.read(file) ?? ''
        const uses: ImplicitUse[] = []
        const add = (name: string, at: number, evidence: string): void => {
          const target = specifierTarget(name)
          if (target.kind === 'package')
            uses.push({
              name: target.name,
              kind: this.kind,
              file,
              line: lineAt(text, at),
              evidence
            })
        }
        const source = /"jsxImportSource"\s*:\s*"([^"]+)"/.exec(text)
        const jsx = /"jsx"\s*:\s*"(react-jsx|react-jsxdev)"/.exec(text)
        if (source) add(source[1]!, source.index, `"jsxImportSource": "${source[1]}"`)
        else if (jsx)
          add('react', jsx.index, `"jsx": "${jsx[1]}" compiles JSX to react/jsx-runtime imports`)
        const types = /"types"\s*:\s*\[([^\]]*)\]/.exec(text)
        for (const m of types?.[1]?.matchAll(/"([^"]+)"/g) ?? []) {
          add(m[1]!, types!.index, `"types" loads "${m[1]}"`)
          if (!m[1]!.startsWith('@types/'))
            add(`@types/${m[1]}`, types!.index, `"types" loads "${m[1]}"`)
        }
        for (const m of text.matchAll(/"extends"\s*:\s*(\[[^\]]*\]|"[^"]+")/g))
          for (const e of m[1]!.matchAll(/"([^"]+)"/g)) add(e[1]!, m.index, `"extends": "${e[1]}"`)
        return uses
      })
  }
}
