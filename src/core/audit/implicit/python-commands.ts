/**
 * Programs Python code runs: `os.system('pybabel extract …')`, `subprocess.run(["alembic", …])`,
 * nox's `session.run("mypy", …)` and invoke's `c.run("…")`. The leading string literals of the call
 * (or of its list argument) are the command line.
 */
import { commandUses } from './commands.js'
import { type ImplicitReader, type ImplicitUse, lineAt } from './types.js'

const CALL =
  /\b(os\.system|os\.popen|subprocess\.(?:run|call|check_call|check_output|Popen)|session\.run(?:_always|_install)?|c(?:tx)?\.run)\(\s*\[?/g
const STRING = /^\s*[rbuf]?(['"])((?:\\.|(?!\1).)*)\1\s*,?/

/** The leading string literals after `index`, as one command line. */
function leadingStrings(text: string, index: number): string {
  const words: string[] = []
  let rest = text.slice(index, index + 400)
  for (let m = STRING.exec(rest); m; m = STRING.exec(rest)) {
    words.push(m[2]!)
    rest = rest.slice(m[0].length)
  }
  return words.join(' ')
}

export const pythonCommands: ImplicitReader = {
  kind: 'Python subprocess call',
  read(input) {
    return input.files
      .filter(file => file.endsWith('.py'))
      .flatMap(file => {
        const text = input.read(file) ?? ''
        if (!/os\.system|os\.popen|subprocess|session\.run|\.run\(/.test(text)) return []
        const uses: ImplicitUse[] = []
        for (const m of text.matchAll(CALL)) {
          const command = leadingStrings(text, m.index + m[0].length)
          if (command)
            uses.push(
              ...commandUses(command, {
                kind: this.kind,
                file,
                line: lineAt(text, m.index),
                what: m[1]!
              })
            )
        }
        return uses
      })
  }
}
