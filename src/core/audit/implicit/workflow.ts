/**
 * GitHub Actions workflows: the programs of each step's `run:` (one line, or a `|`/`>` block). A
 * workflow speaks for its whole repository: its uses count for every project under the folder
 * holding `.github`.
 */
import { loadLocated, type LocatedDocument, type YamlPath } from '../../yaml/located.js'
import { commandUses, uncommented } from './commands.js'
import type { ImplicitReader, ImplicitUse } from './types.js'

const WORKFLOW = /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/

/**
 * The string values of every `key:` in a YAML text, a line each, with its line number: read with the
 * project's one YAML reader (loadLocated). A block scalar's lines start on the line after its key. A
 * file that is not valid YAML gives nothing: it is evidence, and the tool that owns it reports it.
 */
export function yamlValues(text: string, key: string): Array<{ text: string; line: number }> {
  let document: LocatedDocument
  try {
    document = loadLocated('evidence.yml', text)
  } catch {
    return []
  }
  const out: Array<{ text: string; line: number }> = []
  const walk = (value: unknown, path: YamlPath): void => {
    if (Array.isArray(value)) return value.forEach((item, i) => walk(item, [...path, i]))
    if (value === null || typeof value !== 'object') return
    for (const [name, child] of Object.entries(value)) {
      const at = [...path, name]
      if (name === key && typeof child === 'string') {
        const keyLine = document.at(at).line
        const lines = child.split('\n')
        const first = lines.length > 1 ? keyLine + 1 : keyLine
        lines.forEach((line, i) => {
          if (line.trim()) out.push({ text: line.trim(), line: first + i })
        })
      } else walk(child, at)
    }
  }
  walk(document.value, [])
  return out.sort((a, b) => a.line - b.line)
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
