/** Shell scripts (`*.sh`, `*.bash`) and git hooks (`.husky/*`): the programs their lines run. */
import { commandUses, logicalLines, uncommented } from './commands.js'
import type { ImplicitReader } from './types.js'

const SHELL = /\.(sh|bash)$|(^|\/)\.husky\/[^/_][^/]*$/

export const shellScript: ImplicitReader = {
  kind: 'shell script',
  wants: (_, file) => SHELL.test(file),
  read(input) {
    return input.files
      .filter(file => SHELL.test(file))
      .flatMap(file =>
        logicalLines(input.read(file) ?? '').flatMap(({ text, line }) =>
          commandUses(uncommented(text), { kind: this.kind, file, line, what: 'the script' })
        )
      )
  }
}
