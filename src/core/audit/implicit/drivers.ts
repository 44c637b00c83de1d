/** The cited table of drivers-table.ts, applied to the scanned files. */
import { DRIVERS } from './drivers-table.js'
import { type ImplicitReader, type ImplicitUse, lineAt, quote } from './types.js'

const EXTRA = /^\.env(\.[\w-]+)?$|\.(ini|cfg)$|^(docker-)?compose(\.[\w-]+)?\.ya?ml$/

export const drivers: ImplicitReader = {
  kind: 'driver or plug-in',
  // besides sources: environment files, ini/cfg settings and compose files, where database URLs live
  wants: (name: string) => EXTRA.test(name),
  read(input) {
    const uses: ImplicitUse[] = []
    for (const file of input.files) {
      const entries = DRIVERS.filter(entry => entry.files.test(file))
      if (entries.length === 0) continue
      const text = input.read(file) ?? ''
      for (const entry of entries) {
        if (entry.requires && !entry.requires.test(text)) continue
        const m = entry.pattern.exec(text)
        if (!m) continue
        const line = lineAt(text, m.index)
        const seen = text.split('\n')[line - 1] ?? m[0]
        for (const name of entry.packages.map(p => (p === '$1' ? m[1]! : p)))
          uses.push({
            name,
            kind: this.kind,
            file,
            line,
            evidence: `${entry.what}: ${quote(seen)} (${entry.doc})`
          })
      }
    }
    return uses
  }
}
