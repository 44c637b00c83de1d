/** Dockerfiles: the programs of RUN, CMD and ENTRYPOINT, in shell form or exec form (`["fastapi", "run"]`). */
import { commandUses, logicalLines, uncommented } from './commands.js'
import { baseName, type ImplicitReader } from './types.js'

const DOCKERFILE = /^(Dockerfile|Containerfile)(\..+)?$|\.[Dd]ockerfile$/

/** An exec-form array as one command line; a shell form as written. */
function commandOf(argument: string): string {
  const trimmed = argument.trim()
  if (!trimmed.startsWith('[')) return trimmed
  try {
    const words = JSON.parse(trimmed) as unknown
    return Array.isArray(words) ? words.filter(w => typeof w === 'string').join(' ') : trimmed
  } catch {
    return trimmed
  }
}

export const dockerfile: ImplicitReader = {
  kind: 'Dockerfile',
  wants: name => DOCKERFILE.test(name),
  read(input) {
    return input.files
      .filter(file => DOCKERFILE.test(baseName(file)))
      .flatMap(file =>
        logicalLines(input.read(file) ?? '').flatMap(({ text, line }) => {
          const m = /^\s*(RUN|CMD|ENTRYPOINT)\s+(?:--\S+\s+)*(.*)$/i.exec(uncommented(text))
          return m
            ? commandUses(commandOf(m[2]!), {
                kind: this.kind,
                file,
                line,
                what: m[1]!.toUpperCase()
              })
            : []
        })
      )
  }
}
