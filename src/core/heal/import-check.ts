/**
 * After the sentinel installs a module, import it with the interpreter the failing step runs: pip
 * may have installed it for another Python (or found it "already satisfied" there), and then no
 * retry of the step can pass.
 */
import { type CommandSpec, runCommand, type RunOptions } from '../exec/run-command.js'
import { firstCommand, isPython } from './command-words.js'

export interface ImportCheck {
  ok: boolean
  /** The interpreter it was checked with, as the step names it. */
  interpreter: string
  /** The check as a person would type it. */
  command: string
  /** The check's last line of output when it failed. */
  error: string
}

/** The step's Python: its first word when that is a python executable, else python3; and its env. */
export function stepInterpreter(spec: CommandSpec): {
  program: string
  env: Record<string, string>
} {
  const first = firstCommand(spec)
  return { program: isPython(first.words[0]) ? first.words[0]! : 'python3', env: first.env }
}

/** Runs `<interpreter> -c "import <module>"` where the step runs, with the step's assignments. */
export async function checkImport(
  module: string,
  step: CommandSpec,
  run: RunOptions,
  runner: typeof runCommand = runCommand
): Promise<ImportCheck> {
  const { program, env } = stepInterpreter(step)
  const command = `${program} -c "import ${module}"`
  const check = { interpreter: program, command }
  try {
    const result = await runner(
      { argv: [program, '-c', `import ${module}`] },
      {
        ...(run.cwd ? { cwd: run.cwd } : {}),
        env: { ...(run.env ?? process.env), ...env },
        timeoutMs: 60_000,
        ...(run.signal ? { signal: run.signal } : {})
      }
    )
    const last = result.output.trim().split('\n').at(-1) ?? ''
    return { ...check, ok: result.exitCode === 0, error: result.exitCode === 0 ? '' : last }
  } catch (error) {
    // the interpreter itself cannot be started (not on PATH, not executable)
    return { ...check, ok: false, error: error instanceof Error ? error.message : String(error) }
  }
}
