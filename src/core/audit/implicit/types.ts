/**
 * Implicit use: a declared package the project uses without importing it (a tool run from a
 * script, a plug-in named in a config file, a driver chosen by a URL). One reader per kind of
 * evidence, registered in index.ts, as faults are; each returns what it saw, and match.ts decides
 * which declared package that names.
 */

/** How a use's `name` is matched to a declared package. */
export type UseBy = 'package' | 'command' | 'module'

export interface ImplicitUse {
  /** A package name (`pug`), a command (`cross-env`, `pybabel`) or a Python module (`csp.middleware`). */
  name: string
  /** What `name` is; `package` when absent. */
  by?: UseBy
  /** The reader's kind (`package.json scripts`, `Makefile`, …). */
  kind: string
  file: string
  line: number
  /** What was seen there, in words: `scripts.dev runs "cross-env NODE_ENV=development nodemon"`. */
  evidence: string
  /** The folder the evidence speaks for, when not the file's own (a workflow speaks for its repository). */
  scope?: string
}

/** What a reader gets: the audit's scanned files (relative to the working directory) and a reader of them. */
export interface ImplicitInput {
  files: readonly string[]
  /** The Python modules the scanned files import, each with its first site. */
  imports: ReadonlyArray<{ module: string; file: string; line: number }>
  /** The file's text, or undefined when it cannot be read. */
  read(file: string): string | undefined
}

export interface ImplicitReader {
  kind: string
  /** Files this reader wants the scan to keep besides sources and manifests (by base name and path). */
  wants?: (name: string, file: string) => boolean
  read(input: ImplicitInput): ImplicitUse[]
}

/** A declared package counted as used by an implicit use. */
export interface ImplicitFinding {
  /** The declared package, as written in its manifest. */
  name: string
  ecosystem: 'python' | 'node'
  /** The project (folder of its manifests) that declares it. */
  project: string
  /** Where it is declared. */
  declaredIn: { file: string; line: number }
  kind: string
  file: string
  line: number
  evidence: string
  /** Other places that use it (up to 3). */
  also: Array<{ kind: string; file: string; line: number }>
}

/** The base name of a path. */
export const baseName = (file: string): string => file.slice(file.lastIndexOf('/') + 1)

/** 1-based line of character `index` in `text`. */
export function lineAt(text: string, index: number): number {
  let line = 1
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++
  return line
}

/** A one-line, shortened quote of what was seen. */
export function quote(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return `"${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}"`
}
