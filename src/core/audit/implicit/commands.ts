/**
 * The programs a shell command line runs, for the readers of scripts, Makefiles, Dockerfiles,
 * Procfiles and workflow steps: `cross-env NODE_ENV=dev nodemon src/index.js && pm2 start x` runs
 * cross-env, nodemon and pm2; `uv run python -m sphinx docs` runs the Python module sphinx. Runners
 * (npx, uv run, poetry run, …) are looked through; a quoted argument is read as a command line too,
 * as concurrently and nodemon --exec take them. It reads words, it does not evaluate a shell.
 */
import { type ImplicitUse, quote, type UseBy } from './types.js'

export interface RunCommand {
  name: string
  by: Extract<UseBy, 'command' | 'module'>
}

const KEYWORDS = new Set(
  'if then else elif fi do done while until for case esac in ! { } exec time nohup sudo command builtin eval'.split(
    ' '
  )
)
/** Runners whose next word is the program: `npx eslint`, `uv run mypy`, `poetry run pytest`. */
const RUNNERS: Record<string, readonly string[]> = {
  npx: [],
  pnpx: [],
  bunx: [],
  uvx: [],
  env: [],
  npm: ['exec', 'x'],
  pnpm: ['exec', 'dlx', 'x'],
  yarn: ['exec', 'dlx', 'run'],
  bun: ['x', 'run'],
  uv: ['run', 'tool'],
  poetry: ['run'],
  pipenv: ['run'],
  pdm: ['run'],
  hatch: ['run'],
  rye: ['run'],
  pipx: ['run']
}
/** Runners that run a program they name without a sub-command word (`yarn eslint`, `pnpm vite`). */
const BARE_RUNNERS = new Set(['yarn', 'pnpm', 'bun'])
const PYTHON = /^(python[\d.]*|py|pypy3?)$/

/** Splits a line into words and separators, keeping quoted strings whole (marked as quoted). */
function tokens(line: string): Array<{ text: string; quoted: boolean; sep: boolean }> {
  const out: Array<{ text: string; quoted: boolean; sep: boolean }> = []
  const pattern = /"((?:\\.|[^"\\])*)"|'([^']*)'|(&&|\|\||[;|&()`\n]|\$\()|([^\s"';|&()`]+)/g
  for (const m of line.matchAll(pattern)) {
    if (m[1] !== undefined || m[2] !== undefined)
      out.push({ text: m[1] ?? m[2]!, quoted: true, sep: false })
    else if (m[3] !== undefined) out.push({ text: m[3], quoted: false, sep: true })
    else out.push({ text: m[4]!, quoted: false, sep: false })
  }
  return out
}

/** The program a word names: `./node_modules/.bin/tsc` is tsc; `./scripts/x.sh` is no package. */
function programOf(word: string): string | undefined {
  if (/^[$-]|[=$`]/.test(word) || word.length < 2) return undefined
  if (!word.includes('/')) return /^[@\w][\w.@/+-]*$/.test(word) ? word : undefined
  const bin = /(?:^|\/)(?:node_modules\/\.bin|\.?venv\/bin|bin)\/([\w.+-]+)$/.exec(word)
  return bin?.[1]
}

/** The commands (and `python -m` modules) of one segment's words. */
function segment(words: readonly string[], out: RunCommand[]): void {
  let i = 0
  const skipOptions = (): void => {
    while (i < words.length && (words[i]!.startsWith('-') || /^\w+=/.test(words[i]!))) i++
  }
  while (i < words.length && (KEYWORDS.has(words[i]!) || /^\w+=/.test(words[i]!))) i++
  let word = words[i]
  while (word !== undefined) {
    const runner = RUNNERS[word]
    if (runner) {
      i++
      if (runner.length > 0 && runner.includes(words[i] ?? '')) i++
      else if (runner.length > 0 && !BARE_RUNNERS.has(word)) return
      skipOptions()
      word = words[i]
      continue
    }
    if (PYTHON.test(word)) {
      const flag = words.slice(i + 1).findIndex(w => /^-[A-Za-z]*m$/.test(w))
      const module = flag >= 0 ? words[i + 2 + flag] : undefined
      if (module && /^[A-Za-z_][\w.]*$/.test(module)) out.push({ name: module, by: 'module' })
      return
    }
    const program = programOf(word)
    if (program) out.push({ name: program, by: 'command' })
    // wrappers that run the rest of the line: cross-env A=b cmd, dotenv -- cmd
    i++
    while (i < words.length && (/^\w+=/.test(words[i]!) || words[i] === '--')) i++
    const next = words[i]
    word = program && next !== undefined && RUN_REST.has(program) ? next : undefined
  }
}

/** Tools that run the command given after their own options. */
const RUN_REST = new Set(['cross-env', 'cross-env-shell', 'dotenv', 'env-cmd', 'nodemon', 'time'])

/** Every program a command line runs (a quoted argument is read as a command line of its own). */
export function commandsOf(line: string, depth = 0): RunCommand[] {
  const out: RunCommand[] = []
  let words: string[] = []
  const flush = (): void => {
    if (words.length > 0) segment(words, out)
    words = []
  }
  for (const token of tokens(line)) {
    if (token.sep) flush()
    else {
      if (token.quoted && depth < 2 && /\s/.test(token.text))
        out.push(...commandsOf(token.text, depth + 1))
      words.push(token.text)
    }
  }
  flush()
  return out
}

/** The uses of one command line seen at `file:line`, described as `what` runs it. */
export function commandUses(
  command: string,
  at: { kind: string; file: string; line: number; what: string; scope?: string }
): ImplicitUse[] {
  return commandsOf(command).map(run => ({
    name: run.name,
    by: run.by,
    kind: at.kind,
    file: at.file,
    line: at.line,
    evidence: `${at.what} runs ${run.by === 'module' ? `python -m ${run.name}` : run.name}: ${quote(command)}`,
    ...(at.scope !== undefined ? { scope: at.scope } : {})
  }))
}

/** Joins backslash-continued lines, keeping each logical line's first line number. */
export function logicalLines(text: string): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const start = i
    let joined = lines[i]!
    while (/\\\s*$/.test(joined) && i + 1 < lines.length)
      joined = `${joined.replace(/\\\s*$/, ' ')}${lines[++i]}`
    out.push({ text: joined, line: start + 1 })
  }
  return out
}

/** A shell line without its comment (a `#` at the start or after a blank). */
export const uncommented = (line: string): string => line.replace(/(^|\s)#.*$/, '')
