/** Procfiles (Heroku, Dokku, foreman, honcho): `web: gunicorn app:app` runs gunicorn. */
import { commandUses } from './commands.js'
import { baseName, type ImplicitReader } from './types.js'

const PROCFILE = /^Procfile(\..+)?$/

export const procfile: ImplicitReader = {
  kind: 'Procfile',
  wants: name => PROCFILE.test(name),
  read(input) {
    return input.files
      .filter(file => PROCFILE.test(baseName(file)))
      .flatMap(file =>
        (input.read(file) ?? '').split('\n').flatMap((text, i) => {
          const m = /^\s*([\w-]+)\s*:\s*(.+)$/.exec(text)
          return m
            ? commandUses(m[2]!, { kind: this.kind, file, line: i + 1, what: `process ${m[1]}` })
            : []
        })
      )
  }
}
