/**
 * GitHub Actions workflows: the programs of each step's `run:` (one line, or a `|`/`>` block). A
 * workflow speaks for its whole repository: its uses count for every project under the folder
 * holding `.github`.
 */
import { commandUses, uncommented } from './commands.js'
import type { ImplicitReader, ImplicitUse } from './types.js'

const WORKFLOW = /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/

/** The `key:` values of a YAML text, block scalars included, each line with its number. */
export function yamlValues(text: string, key: string): Array<{ text: string; line: number }> {
  const lines = text.split('\n')
  const out: Array<{ text: string; line: number }> = []
  const head = new RegExp(`^(\\s*)(?:-\\s+)?${key}:\\s*(.*)$`)
  for (let i = 0; i < lines.length; i++) {
    const m = head.exec(lines[i]!)
    if (!m) continue
    const value = m[2]!.trim()
    if (!/^[|>][-+\d]*\s*(#.*)?$/.test(value)) {
      if (value) out.push({ text: value.replace(/^(['"])(.*)\1$/, '$2'), line: i + 1 })
      continue
    }
    const indent = m[1]!.length
    for (let j = i + 1; j < lines.length; j++) {
      const body = lines[j]!
      if (body.trim() && body.length - body.trimStart().length <= indent) break
      if (body.trim()) out.push({ text: body.trim(), line: j + 1 })
      i = j
    }
  }
  return out
}

export const workflow: ImplicitReader = {
  kind: 'workflow run step',
  wants: (_, file) => WORKFLOW.test(file),
  read(input) {
    return input.files
      .filter(file => WORKFLOW.test(file))
      .flatMap(file => {
        const scope = file.slice(0, file.indexOf('.github/')).replace(/\/$/, '') || '.'
        const uses: ImplicitUse[] = []
        for (const { text, line } of yamlValues(input.read(file) ?? '', 'run'))
          uses.push(
            ...commandUses(uncommented(text), {
              kind: this.kind,
              file,
              line,
              what: 'a step',
              scope
            })
          )
        return uses
      })
  }
}
