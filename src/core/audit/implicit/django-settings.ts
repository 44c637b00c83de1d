/**
 * Django settings: INSTALLED_APPS, MIDDLEWARE, and the BACKEND/ENGINE strings of CACHES, STORAGES,
 * DATABASES and the rest are dotted module paths Django imports
 * (https://docs.djangoproject.com/en/stable/ref/settings/). In a settings file (one that sets
 * INSTALLED_APPS or MIDDLEWARE), each such string names the module of a distribution.
 */
import { type ImplicitReader, type ImplicitUse, lineAt } from './types.js'

const SETTINGS = /^\s*(INSTALLED_APPS|MIDDLEWARE)\b/m
const DOTTED = /(['"])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\1/g

export const djangoSettings: ImplicitReader = {
  kind: 'Django settings',
  read(input) {
    return input.files
      .filter(file => file.endsWith('.py'))
      .flatMap(file => {
        const text = input.read(file) ?? ''
        if (!SETTINGS.test(text)) return []
        const uses: ImplicitUse[] = []
        for (const m of text.matchAll(DOTTED)) {
          const name = m[2]!
          // setting names (`DEFAULT_AUTO_FIELD`) are not modules
          if (/^[A-Z_]+$/.test(name)) continue
          uses.push({
            name,
            by: 'module',
            kind: this.kind,
            file,
            line: lineAt(text, m.index),
            evidence: `a settings string "${name}"`
          })
        }
        return uses
      })
  }
}
