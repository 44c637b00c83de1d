/**
 * The first simple command of a script or argv, as a shell would split it: the leading `NAME=value`
 * assignments and the words. Enough to tell which program a command runs, not a shell parser.
 */
import path from 'node:path'

import type { CommandSpec } from '../exec/run-command.js'

export interface FirstCommand {
  /** Leading assignments (`PYTHONPATH=site python3 …`), which the program runs with. */
  env: Record<string, string>
  words: string[]
}

/** Words that only change how the next one runs (`cd app && pip …` runs pip). */
const PREFIXES = new Set(['sudo', 'exec', 'command', 'time', 'nice'])
const SETUP = new Set(['cd', 'set', 'export', 'source', '.', 'pushd', 'true', ':'])

/** Splits a script into simple commands of words, honouring single and double quotes. */
function commandsOf(script: string): string[][] {
  const commands: string[][] = [[]]
  let word: string | null = null
  const flush = (): void => {
    if (word !== null) commands.at(-1)!.push(word)
    word = null
  }
  for (const [, single, double, separator, plain] of script.matchAll(
    /'([^']*)'|"((?:\\.|[^"\\])*)"|(&&|\|\||[;|&\n])|(\s+|[^\s'";|&]+|.)/g
  )) {
    if (single !== undefined) word = (word ?? '') + single
    else if (double !== undefined) word = (word ?? '') + double.replace(/\\(.)/g, '$1')
    else if (separator !== undefined) {
      flush()
      commands.push([])
    } else if (/^\s+$/.test(plain!)) flush()
    else word = (word ?? '') + plain!
  }
  flush()
  return commands.filter(words => words.length > 0)
}

/** The first command that runs a program, past setup such as `cd dir &&` and `sudo`. */
export function firstCommand(spec: CommandSpec): FirstCommand {
  if ('argv' in spec) return { env: {}, words: [...spec.argv] }
  if (spec.shell === 'python') return { env: {}, words: ['python3'] }
  if (spec.shell === 'node') return { env: {}, words: ['node'] }
  for (const words of commandsOf(spec.script)) {
    const env: Record<string, string> = {}
    for (;;) {
      if (PREFIXES.has(words[0] ?? '')) words.shift()
      else if (/^[A-Za-z_]\w*=/.test(words[0] ?? '')) {
        const [name, ...value] = words.shift()!.split('=')
        env[name!] = value.join('=')
      } else break
    }
    if (words.length > 0 && !SETUP.has(words[0]!)) return { env, words }
  }
  return { env: {}, words: [] }
}

/** Whether `program` is a Python interpreter: python, python3, python3.12, .venv/bin/python… */
export function isPython(program: string | undefined): boolean {
  return /^python(\d+(\.\d+)*)?$/.test(path.basename(program ?? ''))
}
