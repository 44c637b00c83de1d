#!/usr/bin/env node
// The real-world audit bench: runs `chaos-ci audit --format json` (dist/cli/index.js, the command a
// user runs, process start included) from every project root of every snapshot of the corpus, and
// scores its findings against the hand-checked expected findings. The scoring is defined in README.md
// ("How the bench scores"). Optionally runs knip the same way on the JS/TS roots.
//
//   node bench/audit-real/run.mjs [--split tune|heldout] [--details] [--knip]
//
// Without CHAOS_CI_AUDIT_CORPUS it prints "not measured".
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'

import { loadCorpus, snapshotDir } from './corpus.mjs'

const REPO_ROOT = path.resolve(import.meta.dirname, '../..')
const CLI = path.join(REPO_ROOT, 'dist/cli/index.js')
/** The audit's default fail-on (src/core/audit/options.ts parseFailOn). */
export const DEFAULT_FAIL_ON = ['missing']

/** PEP 503 normalisation, also harmless for npm names (lowercase, runs of -_. become -). */
export const norm = name =>
  String(name)
    .toLowerCase()
    .replace(/[-_.]+/g, '-')

/**
 * The names an expected entry answers to: its distribution name and the modules its evidence quotes as
 * imported ("import X", "imports X", "from X import"), so a `missing` finding naming the import it saw
 * matches (used for expected `missing` entries only).
 */
export function entryNames(entry) {
  const names = [norm(entry.name)]
  for (const m of String(entry.evidence).matchAll(/\b(?:imports?|from)\s+([A-Za-z_][\w]*)/g))
    names.push(norm(m[1]))
  return names
}

/** `child` is `root` or inside it (both repository-relative, '.' for the top). */
export function within(child, root) {
  if (root === '.') return true
  return child === root || child.startsWith(`${root}/`)
}

/** The deepest listed root holding a repository-relative file. */
export function ownerRoot(file, roots) {
  let best = '.'
  for (const root of roots)
    if (within(file, root) && (best === '.' || root.length > best.length)) best = root
  return roots.includes(best) ? best : null
}

/**
 * Judges one run's findings. `findings` are `{rule, name, names?, file}` with `file` relative to the
 * repository; `expected` is the repository's expected file; `entry` its manifest entry; `runRoot` the
 * root the command ran from. Returns counts and the judged findings.
 */
export function judgeRun({
  findings,
  expected,
  entry,
  runRoot,
  failOn = DEFAULT_FAIL_ON,
  onlyRoots
}) {
  const checked = entry.roots
  const allRoots = [...checked, ...(entry.roots_not_checked ?? [])]
  // onlyRoots: the roots a tool can answer for (knip: those with a package.json), for its recall
  const scoredRoots = checked.filter(
    r => within(r, runRoot) && (!onlyRoots || onlyRoots.includes(r))
  )
  const kindOf = (root, names) => {
    const want = expected.roots[root]
    for (const kind of ['missing', 'unused', 'used_implicitly', 'uncertain'])
      if (
        want[kind].some(e =>
          (kind === 'missing' ? entryNames(e) : [norm(e.name)]).some(n => names.includes(n))
        )
      )
        return kind
    return null
  }
  const judged = []
  for (const f of findings) {
    const root = ownerRoot(f.file, allRoots)
    const names = [f.name, ...(f.names ?? [])].map(norm)
    if (root === null || !checked.includes(root)) {
      judged.push({ ...f, root, verdict: 'unchecked-root' })
      continue
    }
    const kind = kindOf(root, names)
    let verdict
    if (kind === 'uncertain') verdict = 'not-scored'
    else if (f.rule === 'missing') verdict = kind === 'missing' ? 'right' : 'wrong'
    else if (f.rule === 'unused') verdict = kind === 'unused' ? 'right' : 'wrong'
    else verdict = 'other-rule'
    judged.push({ ...f, root, expectedKind: kind, verdict })
  }
  const of = (rule, verdict) =>
    judged.filter(j => j.rule === rule && (verdict === undefined || j.verdict === verdict)).length
  const expectedMissing = scoredRoots.flatMap(r =>
    expected.roots[r].missing.map(e => ({ root: r, name: e.name, evidence: e.evidence }))
  )
  const found = expectedMissing.filter(e =>
    judged.some(
      j =>
        j.rule === 'missing' &&
        j.root === e.root &&
        entryNames(e).some(n => [j.name, ...(j.names ?? [])].map(norm).includes(n))
    )
  )
  return {
    judged,
    missing: {
      reported: of('missing', 'right') + of('missing', 'wrong'),
      right: of('missing', 'right')
    },
    unused: {
      reported: of('unused', 'right') + of('unused', 'wrong'),
      right: of('unused', 'right')
    },
    expectedMissing: expectedMissing.length,
    foundMissing: found.length,
    notFound: expectedMissing.filter(e => !found.includes(e)),
    notScored: judged.filter(j => j.verdict === 'not-scored').length,
    falseAlarms: judged.filter(j => failOn.includes(j.rule) && j.verdict === 'wrong').length
  }
}

/** Repository-relative findings of `chaos-ci audit --format json` run from `runRoot`. */
function auditFindings(results, runRoot) {
  return (results.payload?.findings ?? []).map(f => ({
    rule: f.rule,
    name: f.name,
    names: f.suggestion?.names ?? [],
    file: path.posix.normalize(path.posix.join(runRoot, f.file)),
    line: f.line,
    confidence: f.confidence ?? f.suggestion?.confidence
  }))
}

/** Repository-relative findings from knip's JSON reporter: unlisted → missing, unused (dev)dependencies → unused. */
export function knipFindings(report, runRoot) {
  const out = []
  for (const issue of report.issues ?? []) {
    const file = path.posix.normalize(path.posix.join(runRoot, issue.file))
    for (const d of [...(issue.dependencies ?? []), ...(issue.devDependencies ?? [])])
      out.push({ rule: 'unused', name: d.name, file, line: d.line })
    for (const d of issue.unlisted ?? [])
      out.push({ rule: 'missing', name: d.name, file, line: d.line })
  }
  return out
}

/**
 * Runs `command args` in `dir` and parses its standard output as JSON; `report` is null (and `error`
 * the last lines it printed) when it printed no JSON.
 */
function runJson(command, args, dir) {
  const child = spawnSync(command, args, {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' },
    timeout: 300_000
  })
  try {
    return { exit: child.status, report: JSON.parse(child.stdout) }
  } catch {
    return {
      exit: child.status,
      report: null,
      error: (child.stderr || child.stdout || '').trim().split('\n').slice(-3).join(' ')
    }
  }
}

function runAudit(dir) {
  const { report, ...rest } = runJson(process.execPath, [CLI, 'audit', '--format', 'json'], dir)
  return { ...rest, results: report }
}

/** knip's version as it reports it, for the record. */
function knipVersion(env) {
  const bin = knipBin(env)
  if (!bin) return 'not installed'
  const out = spawnSync(bin, ['--version'], { encoding: 'utf8' })
  return out.status === 0 ? out.stdout.trim() : 'of unknown version'
}

/** knip's binary: KNIP_BIN, or node_modules/.bin/knip of this repository; null without either. */
export function knipBin(env = process.env) {
  if (env.KNIP_BIN) return existsSync(env.KNIP_BIN) ? env.KNIP_BIN : null
  const local = path.join(REPO_ROOT, 'node_modules/.bin/knip')
  return existsSync(local) ? local : null
}

function runKnip(bin, dir) {
  return runJson(
    bin,
    [
      '--reporter',
      'json',
      '--include',
      'dependencies,unlisted',
      '--no-progress',
      '--no-config-hints'
    ],
    dir
  )
}

const isJs = root => root.language !== 'python'

/**
 * Measures every repository of `splits` that has a snapshot. Returns null without
 * CHAOS_CI_AUDIT_CORPUS. Each repository: `{entry, runs: [{root, exit, ms, judged…}], knip?}`.
 */
export function measure({ splits = ['tune', 'heldout'], env = process.env, knip = false } = {}) {
  if (!env.CHAOS_CI_AUDIT_CORPUS) return null
  const { manifest, expectedByFile } = loadCorpus()
  const bin = knip ? knipBin(env) : null
  const repos = []
  for (const entry of manifest.filter(e => splits.includes(e.split))) {
    const dir = snapshotDir(entry.repo, env)
    const expected = expectedByFile[`${entry.repo.replace('/', '+')}.json`]
    if (!dir) {
      repos.push({ entry, absent: true, runs: [] })
      continue
    }
    const runs = entry.roots.map(runRoot => {
      const started = process.hrtime.bigint()
      const { exit, results, error } = runAudit(path.join(dir, runRoot))
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      const findings = results ? auditFindings(results, runRoot) : []
      const judged = judgeRun({ findings, expected, entry, runRoot })
      return { root: runRoot, exit, ms, error, ...judged }
    })
    const knipRuns =
      bin && isJs(entry)
        ? entry.roots
            .filter(r => existsSync(path.join(dir, r, 'package.json')))
            .map(runRoot => {
              const { exit, report, error } = runKnip(bin, path.join(dir, runRoot))
              const findings = report ? knipFindings(report, runRoot) : []
              return {
                root: runRoot,
                exit,
                error,
                ...judgeRun({
                  findings,
                  expected,
                  entry,
                  runRoot,
                  onlyRoots: entry.roots.filter(r => existsSync(path.join(dir, r, 'package.json')))
                })
              }
            })
        : undefined
    repos.push({ entry, runs, ...(knipRuns ? { knip: knipRuns } : {}) })
  }
  return { repos, knip: knip ? (bin ? 'ran' : 'not installed') : 'not asked' }
}

/** Sums the counts of runs. */
export function total(runs) {
  const sum = {
    missingReported: 0,
    missingRight: 0,
    expectedMissing: 0,
    foundMissing: 0,
    unusedReported: 0,
    unusedRight: 0,
    falseAlarms: 0,
    notScored: 0,
    errors: 0
  }
  for (const r of runs) {
    sum.missingReported += r.missing.reported
    sum.missingRight += r.missing.right
    sum.expectedMissing += r.expectedMissing
    sum.foundMissing += r.foundMissing
    sum.unusedReported += r.unused.reported
    sum.unusedRight += r.unused.right
    sum.falseAlarms += r.falseAlarms
    sum.notScored += r.notScored
    if (r.error) sum.errors++
  }
  return sum
}

const ratio = (n, d) => (d === 0 ? '— (0/0)' : `${((n / d) * 100).toFixed(0)}% (${n}/${d})`)

function row(name, runs, extra = '') {
  const t = total(runs)
  const exits = runs.map(r => (r.error ? `${r.exit}!` : String(r.exit))).join(' ')
  return `| ${name} | ${runs.length} | ${ratio(t.missingRight, t.missingReported)} | ${ratio(t.foundMissing, t.expectedMissing)} | ${ratio(t.unusedRight, t.unusedReported)} | ${t.falseAlarms} | ${t.notScored} | ${exits}${extra} |`
}

const HEADER = [
  '| repository | runs | precision on missing | recall on missing | precision on unused | false alarms (fail-on: missing) | not scored (uncertain) | exit codes |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |'
]

/** The Markdown table of one split: a row per repository and a total. */
export function splitTable(repos, pick = r => r.runs) {
  const present = repos.filter(r => !r.absent && pick(r))
  const lines = [...HEADER, ...present.map(r => row(r.entry.repo, pick(r)))]
  lines.push(row('**total**', present.flatMap(pick)))
  const absent = repos.filter(r => r.absent).map(r => r.entry.repo)
  if (absent.length) lines.push('', `No snapshot (not measured): ${absent.join(', ')}.`)
  return lines.join('\n')
}

/** The wrong and unfound findings of `repos`, for tuning (never print this for the held-out split while tuning). */
export function details(repos, pick = r => r.runs) {
  const lines = []
  for (const r of repos.filter(r => !r.absent && pick(r)))
    for (const run of pick(r)) {
      if (run.error) lines.push(`${r.entry.repo} [run ${run.root}] ERROR ${run.error}`)
      for (const j of run.judged.filter(j => j.verdict === 'wrong'))
        lines.push(
          `${r.entry.repo} [run ${run.root}] wrong ${j.rule} ${j.name} (${j.file}:${j.line}) root=${j.root} expected=${j.expectedKind ?? 'nothing'}`
        )
      for (const e of run.notFound)
        lines.push(`${r.entry.repo} [run ${run.root}] not found: missing ${e.name} in ${e.root}`)
    }
  return lines.join('\n')
}

const SCORING = `Each project root of a repository is one run: \`node dist/cli/index.js audit --format json\` with the
root as working directory, defaults only (no config), process start included. A finding belongs to the
deepest root of the manifest holding its file; a run from a root is judged on every checked root at or
under it. \`missing\` and \`unused\` findings are right when the root's expected list of the same kind
names them, wrong otherwise (a declared package in \`used_implicitly\` reported unused is wrong, and so is
every transitive pin of a freeze file); findings on \`uncertain\` names are not scored and counted apart.
Recall counts the expected \`missing\` that a \`missing\` finding names. A false alarm is a wrong finding of
a rule in the default fail-on (\`missing\`). The full definition is in bench/audit-real/README.md.`

/** The section of docs/benchmarks.md. */
export function auditRealSection({ env = process.env } = {}) {
  const title = `## The dependency audit on real repositories (corpus)

\`bench/audit-real/\`: fifteen public repositories (Flask with a pip freeze, Django/Wagtail, the FastAPI
full-stack template with its React/Vite frontend and uv workspace, whisper and CLIP, a Click CLI, a
src-layout library, a Python monorepo, a Poetry app, Express in JS and TS, a React/Vite frontend with
tsconfig paths, pnpm and npm workspaces, a small library), pinned by commit in \`manifest.json\`, with
the missing, unused and implicitly used packages of each project root checked by hand and every entry
given its evidence and reason. Five are held out, split by a hash of the name before anything was
measured. The snapshots stay outside the repository, in the folder named by \`CHAOS_CI_AUDIT_CORPUS\`;
\`bench/audit-real/README.md\` says how they were chosen, checked and how to recreate them.`
  const result = measure({ env, knip: true })
  if (!result)
    return `${title}\n\nnot measured: set CHAOS_CI_AUDIT_CORPUS to the folder of the corpus snapshots (bench/audit-real/README.md says how to make it).`
  const tune = result.repos.filter(r => r.entry.split === 'tune')
  const held = result.repos.filter(r => r.entry.split === 'heldout')
  const knipPart =
    result.knip === 'ran'
      ? `### knip on the JS/TS roots, the same scoring

knip's \`unlisted\` dependencies are its \`missing\`, its unused \`dependencies\` and \`devDependencies\` its
\`unused\` (\`knip --reporter json --include dependencies,unlisted\` from each root with a package.json).
The snapshots have no node_modules, so knip cannot see the binaries a script runs. knip ${knipVersion(env)};
an exit code marked \`!\` is a run where knip stopped with an error (its findings, if any, still count).

Tune:

${splitTable(tune, r => r.knip)}

Held out:

${splitTable(held, r => r.knip)}`
      : 'knip: not installed here (set KNIP_BIN to its binary, or install it), so not measured side by side.'
  return `${title}

${SCORING}

Targets (issue #23): precision on missing ≥ 95%, recall on missing 100%, precision on unused ≥ 90%, no
false alarm on any repository.

### Tune split (the audit was tuned on these)

${splitTable(tune)}

### Held-out split (never tuned against)

${splitTable(held)}

${knipPart}`
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2)
  const at = args.indexOf('--split')
  const splits = at >= 0 ? [args[at + 1]] : ['tune', 'heldout']
  const result = measure({ splits, knip: args.includes('--knip') })
  if (!result) console.log('not measured: CHAOS_CI_AUDIT_CORPUS is not set')
  else {
    for (const split of splits) {
      const repos = result.repos.filter(r => r.entry.split === split)
      console.log(`${split}:\n${splitTable(repos)}`)
      if (args.includes('--knip'))
        console.log(`\nknip (${result.knip}):\n${splitTable(repos, r => r.knip)}`)
      if (args.includes('--details')) console.log(`\n${details(repos)}`)
    }
  }
}
