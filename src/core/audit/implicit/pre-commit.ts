/** pre-commit's local hooks: the program of each hook's `entry:` (`entry: uv run mypy`). */
import { commandUses } from './commands.js'
import { baseName, type ImplicitReader } from './types.js'
import { yamlValues } from './workflow.js'

const CONFIG = /^\.pre-commit-config\.ya?ml$/

export const preCommit: ImplicitReader = {
  kind: 'pre-commit hook',
  wants: name => CONFIG.test(name),
  read(input) {
    return input.files
      .filter(file => CONFIG.test(baseName(file)))
      .flatMap(file =>
        yamlValues(input.read(file) ?? '', 'entry').flatMap(({ text, line }) =>
          commandUses(text, { kind: this.kind, file, line, what: 'a hook' })
        )
      )
  }
}
