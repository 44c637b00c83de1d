/**
 * Freeze files: a requirements file that pins a whole environment (pip freeze, pip-compile, uv)
 * names every transitive package too, so most of its pins are imported by nothing. Such pins are
 * not N `unused` findings: they are listed once per file, as a group. In a compiled file, a pin
 * whose `# via` names only other packages is transitive and is grouped; a pin via `-r file` (or via
 * nothing) is one the project asked for, and stays an `unused` finding when nothing imports it. A
 * plain freeze cannot tell them apart, so all its unimported pins are grouped; a list of exact pins is
 * taken for a freeze only when most of them are imported by nothing.
 */
import path from 'node:path'

import type { Finding } from './findings.js'
import type { Frozen, Manifest } from './manifests/types.js'

export interface FrozenGroup {
  file: string
  kind: Frozen
  /** The file's pins that no scanned file imports and no evidence uses. */
  pins: Array<{ name: string; line: number; via?: string[] }>
  /** Why they are grouped and what a person can do, in one sentence. */
  note: string
}

/** A compiled pin that only other packages pull in. */
const transitive = (via: readonly string[] | undefined): boolean =>
  !!via &&
  via.length > 0 &&
  via.every(entry => !/^-[rc]\b|^--(requirement|constraint)\b/.test(entry))

/** The source file a compiled pin names (`-r requirements.in`), if it was read as a manifest too. */
function sourceManifest(
  manifests: readonly Manifest[],
  compiled: string,
  via: readonly string[] | undefined
): Manifest | undefined {
  for (const entry of via ?? []) {
    const file = /^(?:-r|--requirement)\s+(\S+)$/.exec(entry)?.[1]
    const joined = file && path.posix.join(path.posix.dirname(compiled), file)
    const found = joined && manifests.find(m => m.file === joined)
    if (found) return found
  }
  return undefined
}

/**
 * Moves the unused findings of frozen files into one group per file. A compiled pin nothing imports
 * whose source file (`-r requirements.in`) was read too is reported there only: that is the file to edit.
 */
export function groupFrozenPins(
  findings: readonly Finding[],
  manifests: readonly Manifest[]
): { findings: Finding[]; frozen: FrozenGroup[] } {
  // a list of exact pins is a freeze when most of its pins are imported by nothing; when most are
  // imported, the project pinned what it uses, and each unused pin is a finding
  const unusedIn = (file: string): number =>
    findings.filter(f => f.rule === 'unused' && f.file === file).length
  const byFile = new Map(
    manifests
      .filter(
        m =>
          m.frozen === 'compiled' ||
          (m.frozen === 'freeze' && unusedIn(m.file) * 2 > m.declared.length)
      )
      .map(m => [m.file, m])
  )
  const groups = new Map<string, FrozenGroup>()
  const kept: Finding[] = []
  for (const finding of findings) {
    const manifest = finding.rule === 'unused' ? byFile.get(finding.file) : undefined
    const declared = manifest?.declared.find(d => d.line === finding.line)
    if (!manifest || !declared || (manifest.frozen === 'compiled' && !transitive(declared.via))) {
      const source = manifest && sourceManifest(manifests, manifest.file, declared?.via)
      if (!source?.declared.some(d => d.key === declared?.key)) kept.push(finding)
      continue
    }
    const group = groups.get(manifest.file) ?? {
      file: manifest.file,
      kind: manifest.frozen!,
      pins: [],
      note: ''
    }
    group.pins.push({
      name: declared.name,
      line: declared.line,
      ...(declared.via ? { via: declared.via } : {})
    })
    groups.set(manifest.file, group)
  }
  for (const group of groups.values())
    group.note =
      group.kind === 'compiled'
        ? `${group.file} is compiled (pip-compile or uv): ${group.pins.length} pin(s) that no file imports are there only because other packages need them (their # via names them), so they are not reported unused.`
        : `${group.file} looks like a pip freeze (${manifestPins(manifests, group.file)} exact pins): ${group.pins.length} pin(s) that no file imports are listed once, not reported unused, because a freeze also pins what other packages need. List the packages you use in a requirements.in and compile it (pip-compile or uv pip compile) to have the direct ones checked.`
  return { findings: kept, frozen: [...groups.values()] }
}

const manifestPins = (manifests: readonly Manifest[], file: string): number =>
  manifests.find(m => m.file === file)?.declared.length ?? 0
