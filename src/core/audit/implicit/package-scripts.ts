/** package.json `scripts`: the programs each script runs (`"dev": "cross-env NODE_ENV=dev nodemon"`). */
import { lineOf } from '../manifests/types.js'
import { commandUses } from './commands.js'
import { baseName, type ImplicitReader } from './types.js'

export const packageScripts: ImplicitReader = {
  kind: 'package.json scripts',
  read(input) {
    return input.files
      .filter(file => baseName(file) === 'package.json')
      .flatMap(file => {
        const text = input.read(file)
        let scripts: unknown
        try {
          scripts = (JSON.parse(text ?? '') as { scripts?: unknown }).scripts
        } catch {
          return []
        }
        if (!scripts || typeof scripts !== 'object') return []
        const start = lineOf(text!, '"scripts"')
        return Object.entries(scripts as Record<string, unknown>).flatMap(([name, command]) =>
          typeof command === 'string'
            ? commandUses(command, {
                kind: this.kind,
                file,
                line: lineOf(text!, `"${name}"`, start),
                what: `scripts.${name}`
              })
            : []
        )
      })
  }
}
