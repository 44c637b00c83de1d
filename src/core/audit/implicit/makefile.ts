/**
 * Makefiles: the programs recipes run, with `$(VAR)` expanded from the file's own assignments, so a
 * docs/Makefile's `SPHINXBUILD ?= sphinx-build` and `$(SPHINXBUILD) -M html` run sphinx-build.
 */
import { commandUses, logicalLines, uncommented } from './commands.js'
import { baseName, type ImplicitReader, type ImplicitUse } from './types.js'

const MAKEFILE = /^(GNUmakefile|[Mm]akefile)$|\.mk$/

export const makefile: ImplicitReader = {
  kind: 'Makefile',
  wants: name => MAKEFILE.test(name),
  read(input) {
    return input.files
      .filter(file => MAKEFILE.test(baseName(file)))
      .flatMap(file => {
        const lines = logicalLines(input.read(file) ?? '')
        const vars = new Map<string, string>()
        for (const { text } of lines) {
          const assign = /^\s*(?:export\s+)?([A-Za-z_][\w]*)\s*[:?+]?=\s*(.*)$/.exec(text)
          if (assign && !text.startsWith('\t')) vars.set(assign[1]!, uncommented(assign[2]!).trim())
        }
        const expand = (line: string): string =>
          line.replace(/\$[({]([A-Za-z_]\w*)[)}]/g, (_, name: string) => vars.get(name) ?? '')
        const uses: ImplicitUse[] = []
        for (const { text, line } of lines) {
          if (!text.startsWith('\t')) continue
          const recipe = uncommented(expand(text.trim().replace(/^[@+-]+/, '')))
          uses.push(...commandUses(recipe, { kind: this.kind, file, line, what: 'a recipe' }))
        }
        return uses
      })
  }
}
