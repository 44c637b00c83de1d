// A finished command's result, for tests that stand in for runCommand: exit 0 with no output
// unless told otherwise; outputChars follows output.
import type { CommandResult } from '../../src/core/exec/run-command.js'

export function commandResult(fields: Partial<CommandResult> = {}): CommandResult {
  const output = fields.output ?? ''
  return {
    exitCode: 0,
    signal: null,
    timedOut: false,
    cancelled: false,
    durationMs: 1,
    pid: 1,
    killed: [],
    output,
    stderr: '',
    outputChars: output.length,
    ...fields
  }
}
