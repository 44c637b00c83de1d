/**
 * Typed errors. A UserError is something the user can fix (a bad input, a missing file, a malformed
 * config): it is shown as one readable message, never as a stack trace. Anything else is a bug.
 */

/** Where a user error was found: a file (with line and column when known) or an action input. */
export interface ErrorLocation {
  file?: string
  line?: number
  column?: number
  /** The action input or CLI option that carried the bad value, e.g. `timeout-seconds`. */
  input?: string
}

/** An error the user can fix. `fix` says how, in one sentence. */
export class UserError extends Error {
  readonly location: ErrorLocation
  readonly fix: string

  constructor(message: string, fix: string, location: ErrorLocation = {}) {
    super(message)
    this.name = 'UserError'
    this.location = location
    this.fix = fix
  }
}

/**
 * Several user errors found at once (every problem in a file, every target a dry run could not
 * find), each with its own location and fix. It is a UserError, located at the first of them.
 */
export class UserErrors extends UserError {
  readonly problems: readonly UserError[]

  constructor(problems: readonly UserError[], what: string) {
    const first = problems[0]!
    super(
      problems.length === 1 ? first.message : `${problems.length} ${what}`,
      problems.length === 1 ? first.fix : 'Fix each of them as it says.',
      first.location
    )
    this.name = 'UserErrors'
    this.problems = problems
  }
}

/** Throws the problems found: one as itself, several as one {@link UserErrors}; nothing when none. */
export function throwAll(problems: readonly UserError[], what: string): void {
  if (problems.length === 1) throw problems[0]!
  if (problems.length > 1) throw new UserErrors(problems, what)
}

/** How an input is named to the user: `input 'x'` for actions, `option --x` for the CLI. */
export type InputLabel = (input: string) => string
const actionInput: InputLabel = input => `input '${input}'`

/** Formats `file:line:column` (or the input) as a prefix, or '' when nothing is known. */
export function formatLocation(location: ErrorLocation, label: InputLabel = actionInput): string {
  if (location.file) {
    const line = location.line ? `:${location.line}` : ''
    const column = location.line && location.column ? `:${location.column}` : ''
    return `${location.file}${line}${column}`
  }
  return location.input ? label(location.input) : ''
}

/** One readable message for any thrown value: located and with its fix for a UserError. */
export function describeError(error: unknown, label: InputLabel = actionInput): string {
  if (error instanceof UserErrors)
    return [
      `${error.message}:`,
      ...error.problems.map(p => `- ${describeError(p, label).replace(/\n/g, '\n  ')}`)
    ].join('\n')
  if (error instanceof UserError) {
    const where = formatLocation(error.location, label)
    return `${where ? `${where}: ` : ''}${error.message}\nFix: ${error.fix}`
  }
  if (error instanceof Error) return error.message
  return String(error)
}
