/** Files shipped with chaos-ci itself (the actions' metadata, the demo), found from this module up. */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The path of `relative` in chaos-ci's own tree, looking up from this module (src/ in tests,
 * dist/lib/ when bundled); undefined when it is not there.
 */
export function findPackageFile(
  relative: string,
  from = path.dirname(fileURLToPath(import.meta.url))
): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, relative)
    if (existsSync(candidate)) return candidate
    if (path.dirname(dir) === dir) return undefined
  }
}
