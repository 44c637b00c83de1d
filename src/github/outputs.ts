/** Step outputs: every value is written, as a string, through `GITHUB_OUTPUT`. */
import * as core from '@actions/core'

export type OutputValue = string | number | boolean | null | undefined

/** Sets each output; null and undefined become ''. */
export function setOutputs(values: Readonly<Record<string, OutputValue>>): void {
  for (const [name, value] of Object.entries(values))
    core.setOutput(name, value === null || value === undefined ? '' : String(value))
}
