/**
 * `fix`: declares what is missing, in place. Only names mapped with high or medium confidence and
 * without ambiguity are written; the rest become suggestions. npm packages are written only when
 * they are installed in node_modules (their version is then known). Nothing is written in a dry run:
 * the diff is returned instead. Every decision is a `dependency_changes` entry. A finding is written
 * to a manifest of its own project (the nearest one above the importing file), never another's.
 */
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

import type { AuditResult } from './audit.js'
import { unifiedDiff } from './diff.js'
import { addToPackageJson, addToPep621, addToPoetry, addToRequirements } from './edits.js'
import type { Finding } from './findings.js'
import type { Manifest } from './manifests/types.js'

export interface DependencyChange {
  /** `already-declared`: the healer found the name declared, and installs it without adding it. */
  action: 'added' | 'already-declared' | 'suggested' | 'installed' | 'install-failed'
  ecosystem: 'python' | 'node'
  /** The distribution or package. */
  name: string
  /** The import that needs it. */
  import: string
  file: string
  confidence: 'high' | 'medium' | 'low'
  source: string
  reason: string
}

export interface FixOutcome {
  changes: DependencyChange[]
  /** Unified diffs of every file changed (written unless dry run). */
  diff: string
  /** Files written. */
  written: string[]
}

/**
 * The manifest a Python dependency goes into: the project's pyproject (PEP 621 or Poetry), else its
 * main requirements file.
 */
function pythonTarget(manifests: Manifest[], dir: string): Manifest | undefined {
  const inDir = (m: Manifest): boolean => path.posix.dirname(m.file) === dir
  const requirements = path.posix.join(dir, 'requirements.txt')
  return (
    manifests.find(
      m =>
        m.kind === 'pyproject' && inDir(m) && (m.projectName !== undefined || m.declared.length > 0)
    ) ??
    manifests.find(m => m.file === requirements) ??
    manifests.find(m => m.kind === 'requirements' && inDir(m) && !/dev|test/i.test(m.file)) ??
    manifests.find(m => m.kind === 'requirements' && !/dev|test/i.test(m.file)) ??
    manifests[0]
  )
}

/** The manifests of the project a finding belongs to (all of its ecosystem's when it names none). */
function projectManifests(
  result: AuditResult,
  finding: Finding
): { dir: string; manifests: Manifest[] } {
  const own = result.projects.find(
    p => p.ecosystem === finding.ecosystem && p.dir === (finding.project ?? '.')
  )
  const ofEcosystem = result.manifests.filter(m => m.ecosystem === finding.ecosystem)
  if (!own) return { dir: '.', manifests: ofEcosystem }
  return { dir: own.dir, manifests: ofEcosystem.filter(m => own.manifests.includes(m.file)) }
}

/** The version of `name` installed under node_modules of `dir` or a folder above it (hoisted). */
async function installedVersion(
  cwd: string,
  dir: string,
  name: string
): Promise<string | undefined> {
  for (let at = dir; ; at = path.posix.dirname(at)) {
    const text = await readFile(
      path.join(cwd, at, 'node_modules', name, 'package.json'),
      'utf8'
    ).catch(() => undefined)
    if (text) {
      try {
        return (JSON.parse(text) as { version?: string }).version
      } catch {
        return undefined
      }
    }
    if (at === '.') return undefined
  }
}

interface Addition {
  name: string
  dev: boolean
  version?: string
}

function edited(manifest: Manifest, text: string, add: Addition): string | undefined {
  if (manifest.kind === 'requirements') return addToRequirements(text, add.name)
  if (manifest.kind === 'pyproject')
    return addToPep621(text, add.name) ?? addToPoetry(text, add.name)
  return addToPackageJson(
    manifest.file,
    text,
    add.name,
    add.dev ? 'devDependencies' : 'dependencies',
    add.version ? `^${add.version}` : '*'
  )
}

/** What a finding resolves to: target manifest (its own project's), name, confidence, source. */
async function plan(
  cwd: string,
  finding: Finding,
  project: { dir: string; manifests: Manifest[] }
): Promise<{
  target?: Manifest
  names: string[]
  confidence: DependencyChange['confidence']
  source: string
  version?: string
}> {
  const names = finding.suggestion?.names ?? []
  if (finding.ecosystem === 'python') {
    return {
      target: pythonTarget(project.manifests, project.dir),
      names,
      confidence: finding.suggestion?.confidence ?? 'low',
      source: finding.suggestion?.source ?? 'identity'
    }
  }
  const version = await installedVersion(cwd, project.dir, finding.name)
  const target =
    project.manifests.find(m => m.file === path.posix.join(project.dir, 'package.json')) ??
    project.manifests[0]
  return {
    target,
    names,
    confidence: version ? 'high' : 'low',
    source: version ? 'installed' : 'identity',
    ...(version ? { version } : {})
  }
}

/** Plans and (unless `dryRun`) writes the declarations for every hard `missing` finding. */
export async function fixMissing(
  cwd: string,
  result: AuditResult,
  dryRun: boolean
): Promise<FixOutcome> {
  const texts = new Map<string, string>()
  const originals = new Map<string, string>()
  const changes: DependencyChange[] = []
  for (const finding of result.findings.filter(f => f.rule === 'missing')) {
    const { target, names, confidence, source, version } = await plan(
      cwd,
      finding,
      projectManifests(result, finding)
    )
    const record = (
      action: DependencyChange['action'],
      name: string,
      file: string,
      reason: string
    ): void => {
      changes.push({
        action,
        ecosystem: finding.ecosystem,
        name,
        import: finding.name,
        file,
        confidence,
        source,
        reason
      })
    }
    if (!target) {
      record('suggested', names.join(' or '), '', 'no manifest to add it to')
      continue
    }
    if (confidence === 'low' || names.length !== 1) {
      record(
        'suggested',
        names.join(' or '),
        target.file,
        names.length > 1
          ? 'several distributions provide it: choose one'
          : 'a guessed name is never written: check it and add it yourself'
      )
      continue
    }
    const original =
      originals.get(target.file) ?? (await readFile(path.join(cwd, target.file), 'utf8'))
    originals.set(target.file, original)
    const dev = [finding, ...finding.also].every(site =>
      /(^|\/)(tests?|__tests__)\/|\.(test|spec)\./.test(site.file)
    )
    const next = edited(target, texts.get(target.file) ?? original, {
      name: names[0]!,
      dev,
      ...(version ? { version } : {})
    })
    if (next === undefined) {
      record('suggested', names[0]!, target.file, 'the manifest has no table to add it to')
      continue
    }
    texts.set(target.file, next)
    record('added', names[0]!, target.file, `imported at ${finding.file}:${finding.line}`)
  }
  const diff = [...texts]
    .map(([file, text]) => unifiedDiff(file, originals.get(file)!, text))
    .filter(Boolean)
    .join('\n')
  const written: string[] = []
  if (!dryRun) {
    for (const [file, text] of texts) {
      await writeFile(path.join(cwd, file), text)
      written.push(file)
    }
  }
  return { changes, diff, written }
}
