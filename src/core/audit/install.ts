/**
 * `install`: installs exactly the names `fix` added, nothing else — pip for Python, npm with
 * --ignore-scripts for Node (no install script of a new package runs). Failures are recorded, not thrown.
 */
import { type CommandResult, runCommand } from '../exec/run-command.js'
import type { DependencyChange } from './fix.js'

export interface InstallSettings {
  cwd: string
  /** Extra pip arguments, e.g. an index: ["--index-url", "https://…"] (never --extra-index-url). */
  pipArgs: readonly string[]
  npmArgs: readonly string[]
  onOutput?: (text: string) => void
}

/** The argv that installs `names` for `ecosystem`. */
export function installCommand(
  ecosystem: 'python' | 'node',
  names: readonly string[],
  settings: InstallSettings
): string[] {
  return ecosystem === 'python'
    ? [
        'python3',
        '-m',
        'pip',
        'install',
        '--disable-pip-version-check',
        '--no-input',
        ...settings.pipArgs,
        ...names
      ]
    : [
        'npm',
        'install',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        ...settings.npmArgs,
        ...names
      ]
}

/** Noted on an install pip skipped: the name was there already, for pip's own interpreter. */
export const ALREADY_SATISFIED = 'pip: Requirement already satisfied'

/** Installs the `added` (and `already-declared`) changes; returns one installed/install-failed change per name. */
export async function installAdded(
  added: readonly DependencyChange[],
  settings: InstallSettings,
  run: typeof runCommand = runCommand
): Promise<DependencyChange[]> {
  const results: DependencyChange[] = []
  for (const ecosystem of ['python', 'node'] as const) {
    const mine = added.filter(
      change =>
        (change.action === 'added' || change.action === 'already-declared') &&
        change.ecosystem === ecosystem
    )
    if (mine.length === 0) continue
    const argv = installCommand(
      ecosystem,
      mine.map(change => change.name),
      settings
    )
    const result: CommandResult = await run(
      { argv },
      {
        cwd: settings.cwd,
        timeoutMs: 10 * 60_000,
        ...(settings.onOutput ? { onOutput: settings.onOutput } : {})
      }
    )
    const ok = result.exitCode === 0
    const tail = result.output.trim().split('\n').slice(-1)[0] ?? ''
    for (const change of mine)
      results.push({
        ...change,
        action: ok ? 'installed' : 'install-failed',
        reason: ok
          ? `${argv.join(' ')}${/Requirement already satisfied/.test(result.output) ? ` (${ALREADY_SATISFIED})` : ''}`
          : `${argv.slice(0, 3).join(' ')} failed (exit ${result.exitCode ?? result.signal}): ${tail}`
      })
  }
  return results
}
