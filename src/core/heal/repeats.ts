/**
 * Failures that repeat themselves: an attempt that hangs where the last one hung, a tool that
 * reports the same timeout twice, or a module still missing after the sentinel installed it. A retry would repeat them again, so the healer stops.
 */

/** What the healer keeps of an attempt to tell a repeat. */
export interface AttemptTrace {
  timedOut: boolean
  /** The last non-empty output line ('' for no output). */
  lastLine: string
  /** The module the failure names as missing, if any. */
  missing?: string
  /** The module the sentinel installed and imported before the next attempt. */
  fixed?: string
  /** The line of a timeout the tool itself reported (its numbers as #), when it reported one. */
  toolTimeout?: string
}

/** A timeout line with its numbers (durations, timestamps, ports) as #, to compare two attempts. */
export function timeoutShape(line: string): string {
  return line.replace(/\d+(\.\d+)?/g, '#')
}

export interface Repeat {
  reason: string
  nextStep: string
}

/** The last non-empty line of `output`, trimmed ('' when there is none). */
export function lastLine(output: string): string {
  return (
    output
      .split('\n')
      .map(line => line.trim())
      .filter(Boolean)
      .at(-1) ?? ''
  )
}

/** Why `current` repeats `previous` so that a retry is pointless, or undefined. */
export function repeatOf(
  previous: AttemptTrace | undefined,
  current: AttemptTrace
): Repeat | undefined {
  if (!previous) return undefined
  if (previous.timedOut && current.timedOut && previous.lastLine === current.lastLine)
    return {
      reason: 'it hung the same way twice: a third attempt would hang again',
      nextStep: `Find the hang: both attempts ${current.lastLine ? `stopped after printing '${current.lastLine.slice(0, 200)}'` : 'printed nothing before the timeout'}; look at what the step waits on there (a lock, a prompt, a service), or raise timeout-seconds if it is only slow.`
    }
  if (previous.toolTimeout !== undefined && previous.toolTimeout === current.toolTimeout)
    return {
      reason: 'it timed out the same way twice: a third attempt would time out again',
      nextStep: `Find what is slow or stuck: both attempts ended with '${current.toolTimeout.slice(0, 200)}'; look at what the step waits on there (a lock, a prompt, a service), or raise the tool's own timeout if it is only slow.`
    }
  if (previous.fixed !== undefined && previous.fixed === current.missing)
    return {
      reason: `the fix did not take: '${current.missing}' is still missing after the sentinel installed it`,
      nextStep: `Install '${current.missing}' where the step looks for it: the step runs another interpreter or environment (a virtualenv, a tool's own Python) than the one it was installed for.`
    }
  return undefined
}
