/**
 * Boolean options as people use them on a command line: `--dry-run` turns one on and `--no-dry-run`
 * off; neither takes a value. The core parsers read booleans as the strings an action input holds,
 * so a flag's value is handed on as 'true', 'false' or nothing (the default).
 */
import { type Command, Option } from 'commander'

import { UserError } from '../core/errors.js'

/**
 * Adds `--name` and `--no-name`. The negation is listed in --help only when the flag is on by
 * default (`onByDefault`), where it is the form people type; otherwise the help footer mentions it.
 */
export function flag(
  command: Command,
  name: string,
  description: string,
  onByDefault = false
): Command {
  command.addOption(new Option(`--${name}`, description))
  const negation = new Option(`--no-${name}`, `turn --${name} off`)
  return command.addOption(onByDefault ? negation : negation.hideHelp())
}

/** A flag's value as the core's boolean parsers take it: 'true', 'false', or absent (the default). */
export function flagValue(value: boolean | undefined): string | undefined {
  return value === undefined ? undefined : String(value)
}

/** The long names of every flag of `command` (its boolean options, negations left out). */
export function flagNames(command: Command): string[] {
  return command.options.filter(o => o.isBoolean() && o.long).map(o => o.long!.slice(2))
}

/** The command `argv` runs (a subcommand such as `history export` included), or undefined. */
function commandFor(program: Command, argv: readonly string[]): Command | undefined {
  let command: Command | undefined
  let level = program
  for (const word of argv) {
    const next = level.commands.find(c => c.name() === word || c.aliases().includes(word))
    if (!next) break
    command = level = next
  }
  return command
}

const BOOLEAN_WORD = /^(true|false|yes|no|on|off|1|0)$/i

/**
 * Refuses `--dry-run true` and `--dry-run=false`, the action-input spelling, with the flag spelling
 * as the fix: commander would read the word as a stray argument (or, for audit, as a path).
 * Only the words before `--` are options; what follows belongs to heal's command.
 */
export function refuseFlagValues(program: Command, argv: readonly string[]): void {
  const command = commandFor(program, argv)
  if (!command) return
  const flags = new Set(flagNames(command))
  const end = argv.indexOf('--')
  const words = end === -1 ? argv : argv.slice(0, end)
  for (const [i, word] of words.entries()) {
    const [option, inline] = word.split(/=(.*)/s, 2) as [string, string | undefined]
    const name = option.replace(/^--(no-)?/, '')
    if (!option.startsWith('--') || !flags.has(name)) continue
    const value = inline ?? words[i + 1]
    if (inline === undefined && (value === undefined || !BOOLEAN_WORD.test(value))) continue
    throw new UserError(
      `takes no value: it is a flag (got '${value}').`,
      `Write --${name} to turn it on and --no-${name} to turn it off.`,
      { input: name }
    )
  }
}
