/**
 * The one place that reads action inputs. Settings modules call {@link readInputs} with their names
 * and hand the raw strings to a core parser; nothing else reads `INPUT_*`.
 */
import * as core from '@actions/core'

/** Reads each named input as a raw string ('' when unset), keyed like `names`. */
export function readInputs<K extends string>(
  names: Readonly<Record<K, string>>
): Record<K, string> {
  const raw = {} as Record<K, string>
  for (const key of Object.keys(names) as K[]) raw[key] = core.getInput(names[key])
  return raw
}
