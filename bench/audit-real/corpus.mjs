// The real-world audit corpus: public repositories pinned by commit (manifest.json), each with the
// dependency findings a person checked by hand (expected/OWNER+NAME.json). The repositories' code is
// never kept here: the bench reads snapshots from the folder named by CHAOS_CI_AUDIT_CORPUS.
// This module loads and validates the corpus; it never runs the audit.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

export const HERE = import.meta.dirname
export const SPLITS = ['tune', 'heldout']
export const HELDOUT_SIZE = 5
export const KINDS = ['missing', 'unused', 'used_implicitly', 'uncertain']
const REPO_FIELDS = ['repo', 'commit', 'split', 'roots', 'language', 'kind', 'why_chosen']

/** sha256 of "OWNER/NAME": a first hex digit 0-9 means tune, a-f held out (before adjustment). */
export function hashSplit(repo) {
  const first = createHash('sha256').update(repo).digest('hex')[0]
  return /[0-9]/.test(first) ? 'tune' : 'heldout'
}

/** The expected file's name for a repository: OWNER+NAME.json. */
export function expectedFile(repo) {
  return `${repo.replace('/', '+')}.json`
}

const nonEmpty = v => typeof v === 'string' && v.trim() !== ''

/** Problems with one manifest entry, each naming the entry. */
export function validateRepo(entry, where) {
  const problems = []
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    return [`${where}: not an object`]
  for (const f of REPO_FIELDS) if (!(f in entry)) problems.push(`${where}: field ${f} is missing`)
  if ('repo' in entry && !/^[\w.-]+\/[\w.-]+$/.test(entry.repo))
    problems.push(`${where}: repo ${JSON.stringify(entry.repo)} is not OWNER/NAME`)
  if ('commit' in entry && !/^[0-9a-f]{40}$/.test(entry.commit))
    problems.push(`${where}: commit is not 40 hex digits`)
  if ('split' in entry && !SPLITS.includes(entry.split))
    problems.push(`${where}: split ${JSON.stringify(entry.split)} is not tune or heldout`)
  if (
    'roots' in entry &&
    (!Array.isArray(entry.roots) || !entry.roots.length || !entry.roots.every(nonEmpty))
  )
    problems.push(`${where}: roots must be a non-empty list of folder paths ("." for the top)`)
  for (const f of ['language', 'kind', 'why_chosen'])
    if (f in entry && !nonEmpty(entry[f])) problems.push(`${where}: ${f} is empty`)
  if (
    nonEmpty(entry.repo) &&
    SPLITS.includes(entry.split) &&
    entry.split !== hashSplit(entry.repo) &&
    !nonEmpty(entry.split_adjusted)
  )
    problems.push(
      `${where}: split ${entry.split} differs from the hash rule (${hashSplit(entry.repo)}) without a split_adjusted reason`
    )
  return problems
}

/** Problems with one expected file against its manifest entry. */
export function validateExpected(expected, entry, where) {
  const problems = []
  if (typeof expected !== 'object' || expected === null) return [`${where}: not an object`]
  if (expected.repo !== entry.repo)
    problems.push(`${where}: repo ${JSON.stringify(expected.repo)} is not ${entry.repo}`)
  if (expected.commit !== entry.commit)
    problems.push(`${where}: commit differs from the manifest's ${entry.commit}`)
  const roots = expected.roots ?? {}
  const want = [...(entry.roots ?? [])].sort()
  const have = Object.keys(roots).sort()
  for (const r of want)
    if (!have.includes(r))
      problems.push(`${where}: root ${r} of the manifest has no expected findings`)
  for (const r of have)
    if (!want.includes(r)) problems.push(`${where}: root ${r} is not in the manifest's roots`)
  for (const [root, findings] of Object.entries(roots)) {
    const at = `${where}: root ${root}`
    if (typeof findings !== 'object' || findings === null) {
      problems.push(`${at}: not an object`)
      continue
    }
    for (const kind of KINDS) {
      if (!Array.isArray(findings[kind])) {
        problems.push(`${at}: ${kind} must be a list`)
        continue
      }
      findings[kind].forEach((e, i) => {
        for (const f of ['name', 'evidence', 'reason'])
          if (!nonEmpty(e?.[f])) problems.push(`${at}: ${kind}[${i}] has no ${f}`)
      })
      const names = findings[kind].map(e => e?.name)
      const dup = names.filter((n, i) => names.indexOf(n) !== i)
      for (const n of new Set(dup)) problems.push(`${at}: ${kind} lists ${n} twice`)
    }
    if (
      typeof findings.notes !== 'object' ||
      findings.notes === null ||
      Array.isArray(findings.notes)
    )
      problems.push(`${at}: notes must be an object`)
    const kindsOf = new Map()
    for (const kind of KINDS)
      for (const e of Array.isArray(findings[kind]) ? findings[kind] : [])
        kindsOf.set(e?.name, [...(kindsOf.get(e?.name) ?? []), kind])
    for (const [n, ks] of kindsOf)
      if (ks.length > 1) problems.push(`${at}: ${n} is in both ${ks.join(' and ')}`)
  }
  return problems
}

/** Every problem with the whole corpus at once: manifest, split, and each expected file. */
export function validateCorpus(manifest, expectedByFile) {
  if (!Array.isArray(manifest)) return ['manifest.json: not a list']
  const problems = manifest.flatMap((e, i) =>
    validateRepo(e, `manifest.json[${i}] ${e?.repo ?? ''}`.trim())
  )
  const repos = manifest.map(e => e?.repo)
  for (const r of new Set(repos.filter((r, i) => repos.indexOf(r) !== i)))
    problems.push(`manifest.json: ${r} is listed twice`)
  const held = manifest.filter(e => e?.split === 'heldout')
  if (held.length !== HELDOUT_SIZE)
    problems.push(`manifest.json: ${held.length} repositories held out, want ${HELDOUT_SIZE}`)
  const langs = held.map(e => String(e?.language ?? ''))
  if (!langs.some(l => l.includes('python')))
    problems.push('manifest.json: no Python repository is held out')
  if (!langs.some(l => /javascript|typescript/.test(l)))
    problems.push('manifest.json: no JS/TS repository is held out')
  for (const e of manifest) {
    if (!nonEmpty(e?.repo)) continue
    const file = expectedFile(e.repo)
    if (!(file in expectedByFile)) {
      problems.push(`expected/${file}: missing (every repository needs its expected findings)`)
      continue
    }
    problems.push(...validateExpected(expectedByFile[file], e, `expected/${file}`))
  }
  for (const file of Object.keys(expectedByFile))
    if (!manifest.some(e => nonEmpty(e?.repo) && expectedFile(e.repo) === file))
      problems.push(`expected/${file}: no repository of the manifest has this file`)
  return problems
}

/** Reads manifest.json and expected/*.json from dir (this folder by default). */
export function loadCorpus(dir = HERE) {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'))
  const expectedByFile = {}
  const edir = path.join(dir, 'expected')
  if (existsSync(edir))
    for (const f of readdirSync(edir).filter(f => f.endsWith('.json')))
      expectedByFile[f] = JSON.parse(readFileSync(path.join(edir, f), 'utf8'))
  return { manifest, expectedByFile }
}

/** The snapshot folder of one repository under the CHAOS_CI_AUDIT_CORPUS folder, or null without it. */
export function snapshotDir(repo, env = process.env) {
  const base = env.CHAOS_CI_AUDIT_CORPUS
  if (!base) return null
  const dir = path.join(base, repo.replace('/', '+'))
  return existsSync(dir) ? dir : null
}
