/** Reading a file the user named: a missing or unreadable file is a UserError naming it. */
import { readdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'

import { UserError } from './errors.js'
import { closest } from './text/suggest.js'

/** Reads a UTF-8 text file, or throws e.g. "the rules file does not exist." with `fix`, located at `label`. */
export async function readUserFile(
  file: string,
  what: string,
  fix: string,
  label = file,
  read = (path: string) => readFile(path, 'utf8')
): Promise<string> {
  try {
    return await read(file)
  } catch (error) {
    throw unreadable(error, what, fix, label, file)
  }
}

/** A file beside `file` whose name is close to its name (`chaos_scenario.yml` → `chaos_scenarios.yml`). */
export function closeFileName(file: string): string | undefined {
  const dir = path.dirname(file)
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return undefined
  }
  const match = closest(path.basename(file), names)
  return match === undefined ? undefined : path.join(dir, match)
}

/** The UserError for a file that could not be read: "the rules file does not exist.", with `fix`. */
export function unreadable(
  error: unknown,
  what: string,
  fix: string,
  label: string,
  file = label
): UserError {
  const code = (error as NodeJS.ErrnoException).code
  const near = code === 'ENOENT' ? closeFileName(file) : undefined
  return new UserError(
    code === 'ENOENT'
      ? `the ${what} does not exist.${near ? ` Did you mean '${near}'?` : ''}`
      : `cannot read the ${what} (${code ?? 'error'}).`,
    near ? `Point at '${near}' if that is the one, or create ${label}. ${fix}` : fix,
    { file: label }
  )
}
