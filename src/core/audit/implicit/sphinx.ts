/**
 * Sphinx docs: a conf.py is read by sphinx-build, and its `extensions` and `html_theme` name the
 * modules Sphinx imports (https://www.sphinx-doc.org/en/master/usage/configuration.html). The docs
 * Makefile's sphinx-build is read by makefile.ts.
 */
import { baseName, type ImplicitReader, type ImplicitUse, lineAt } from './types.js'

export const sphinx: ImplicitReader = {
  kind: 'Sphinx conf.py',
  read(input) {
    return input.files
      .filter(file => baseName(file) === 'conf.py')
      .flatMap(file => {
        const text = input.read(file) ?? ''
        const list = /^extensions\s*[+]?=\s*\[([^\]]*)\]/m.exec(text)
        const theme = /^html_theme\s*=\s*['"]([\w.]+)['"]/m.exec(text)
        if (!list && !theme && !/^(project|copyright|master_doc|root_doc)\s*=/m.test(text))
          return []
        const uses: ImplicitUse[] = [
          {
            name: 'sphinx',
            kind: this.kind,
            file,
            line: 1,
            evidence: 'a Sphinx configuration, read by sphinx-build'
          }
        ]
        const body = list?.[1] ?? ''
        const start = list ? list.index + list[0].indexOf('[') : 0
        for (const m of body.matchAll(/['"]([\w.]+)['"]/g))
          uses.push({
            name: m[1]!,
            by: 'module',
            kind: this.kind,
            file,
            line: lineAt(text, start + m.index),
            evidence: `extensions name "${m[1]}"`
          })
        for (const m of text.matchAll(
          /^extensions\.(?:append|extend)\(\s*\[?\s*['"]([\w.]+)['"]/gm
        ))
          uses.push({
            name: m[1]!,
            by: 'module',
            kind: this.kind,
            file,
            line: lineAt(text, m.index),
            evidence: `extensions add "${m[1]}"`
          })
        if (theme)
          uses.push({
            name: theme[1]!,
            by: 'module',
            kind: this.kind,
            file,
            line: lineAt(text, theme.index),
            evidence: `html_theme = "${theme[1]}"`
          })
        return uses
      })
  }
}
