/** Reading a file the user named: a missing or unreadable file is a UserError naming it. */
import { readFile } from 'node:fs/promises'

import { UserError } from './errors.js'

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
    throw unreadable(error, what, fix, label)
  }
}

/** The UserError for a file that could not be read: "the rules file does not exist.", with `fix`. */
export function unreadable(error: unknown, what: string, fix: string, label: string): UserError {
  const code = (error as NodeJS.ErrnoException).code
  return new UserError(
    code === 'ENOENT'
      ? `the ${what} does not exist.`
      : `cannot read the ${what} (${code ?? 'error'}).`,
    fix,
    { file: label }
  )
}
