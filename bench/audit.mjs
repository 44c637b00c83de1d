// `npm run bench`, audit section: import-extraction accuracy against CPython's ast and the TypeScript
// compiler, and the speed of a full audit against the seed's method (a python3 ast walk), side by side.
import { execFileSync, spawn } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { median } from './timing.mjs'

const root = path.resolve(import.meta.dirname, '..')
const python = (args, input) =>
  execFileSync('python3', args, { input, maxBuffer: 1 << 30 }).toString()

/** Runs a command; resolves with wall ms, stdout, stderr. */
function timed(file, args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', c => (stdout += c))
    child.stderr.on('data', c => (stderr += c))
    child.on('error', reject)
    child.on('close', code =>
      resolve({ code, ms: Number(process.hrtime.bigint() - started) / 1e6, stdout, stderr })
    )
  })
}

function filesUnder(dir, test, skip = () => false) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile() && test(entry.name))
    .map(entry => path.join(entry.parentPath, entry.name))
    .filter(file => !skip(file))
}

/** Our extraction vs ast on every file ast parses; returns counts. */
async function pythonAccuracy(lib, pythonImports) {
  const files = [
    ...filesUnder(lib, name => name.endsWith('.py')),
    ...filesUnder(path.join(root, 'examples'), n => n.endsWith('.py'))
  ]
  const oracle = python([path.join(root, 'scripts/oracles/python_imports.py')], files.join('\n'))
    .trim()
    .split('\n')
    .map(line => JSON.parse(line))
  let identical = 0
  let different = 0
  for (const entry of oracle) {
    if (!entry.imports) continue
    const ours = [
      ...new Set(
        pythonImports(readFileSync(entry.file, 'utf8'))
          .imports.filter(i => i.level === 0 && !i.tags.has('dynamic'))
          .map(i => `${i.line}:${i.top}`)
      )
    ].sort()
    if (JSON.stringify(ours) === JSON.stringify(entry.imports)) identical++
    else different++
  }
  return {
    files: files.length,
    parsed: identical + different,
    identical,
    different,
    unparsable: oracle.length - identical - different
  }
}

/** Ours vs the TypeScript syntax tree, and preProcessFile vs the same tree, on node_modules. */
async function jsAccuracy(jsImports, oracle) {
  const files = filesUnder(
    path.join(root, 'node_modules'),
    name => /\.[cm]?[jt]s$/.test(name),
    file => statSync(file).size > 1_000_000
  )
  const counts = { files: files.length, parsed: 0, oursIdentical: 0, preProcessIdentical: 0 }
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    const ast = oracle.astSpecifiers(file, text)
    if (ast.parseErrors > 0) continue
    counts.parsed++
    const expected = JSON.stringify(ast.specifiers)
    const ours = [
      ...new Set(jsImports(text, /\.d\.[cm]?ts$/.test(file)).map(i => `${i.line}:${i.specifier}`))
    ].sort()
    if (JSON.stringify(ours) === expected) counts.oursIdentical++
    if (JSON.stringify(oracle.preProcessSpecifiers(text)) === expected) counts.preProcessIdentical++
  }
  return counts
}

/** The seed's ast walk vs `chaos-ci audit`, on the same folder, interleaved. */
async function speed(lib, rounds, excludes) {
  const seed = []
  const ours = []
  let seedMemory = 0
  let ourMemory = 0
  let seedFiles = 0
  const cli = path.join(root, 'dist/lib/index.js')
  const measure = `const { cliMain } = await import(${JSON.stringify(cli)}); const code = await cliMain(['audit', '--working-directory', ${JSON.stringify(lib)}, '--fail-on', 'none', '--format', 'json']); process.stderr.write('maxrss ' + process.resourceUsage().maxRSS + '\\n'); process.exitCode = code`
  for (let round = 0; round < rounds + 1; round++) {
    const a = await timed('python3', [
      path.join(root, 'bench/seed_sentinel_scan.py'),
      lib,
      excludes.join(',')
    ])
    const b = await timed(process.execPath, ['--input-type=module', '-e', measure], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    if (a.code !== 0 || b.code !== 0)
      throw new Error(`speed run failed: ${a.stderr.slice(-500)} ${b.stderr.slice(-500)}`)
    if (round === 0) continue // warm-up: file cache
    seed.push(a.ms)
    ours.push(b.ms)
    seedMemory = Math.max(seedMemory, Number(a.stderr.trim().split('\n').pop()))
    ourMemory = Math.max(ourMemory, Number(/maxrss (\d+)/.exec(b.stderr)?.[1] ?? 0))
    seedFiles = a.stdout.trim().split('\n').length
  }
  const payload = JSON.parse(
    (
      await timed(process.execPath, [
        '--input-type=module',
        '-e',
        measure.replace(
          "process.stderr.write('maxrss ' + process.resourceUsage().maxRSS + '\\n'); ",
          ''
        )
      ])
    ).stdout
  ).payload // --format json prints the audit results file; the figures are its payload
  return {
    seed: median(seed),
    ours: median(ours),
    seedMemory,
    ourMemory,
    seedFiles,
    ourFiles: payload.files.python,
    rounds
  }
}

/** Identical results: per file, the seed's top-level names equal ours (level-0 static imports). */
function sameAsSeed(lib, excludes, pythonImports) {
  const lines = python([path.join(root, 'bench/seed_sentinel_scan.py'), lib, excludes.join(',')])
    .trim()
    .split('\n')
    .map(line => JSON.parse(line))
  let identical = 0
  let compared = 0
  for (const entry of lines) {
    if (!entry.imports) continue
    compared++
    const ours = [
      ...new Set(
        pythonImports(readFileSync(path.join(lib, entry.file), 'utf8'))
          .imports.filter(i => i.level === 0 && !i.tags.has('dynamic'))
          .map(i => i.top)
      )
    ].sort()
    if (JSON.stringify(ours) === JSON.stringify(entry.imports)) identical++
  }
  return { compared, identical }
}

export async function auditSection({ rounds = 3 } = {}) {
  const tsout = await import('./compiled.mjs').then(m => m.compiledModules())
  const lib = python(['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])']).trim()
  const excludes = tsout.DEFAULT_EXCLUDES
  const accuracy = await pythonAccuracy(lib, tsout.pythonImports)
  const js = await jsAccuracy(tsout.jsImports, tsout.oracle)
  const same = sameAsSeed(lib, excludes, tsout.pythonImports)
  const s = await speed(lib, rounds, excludes)
  const pct = (a, b) => `${((a / b) * 100).toFixed(2)}%`
  return `## Dependency sentinel: accuracy and speed

**Python imports against CPython's \`ast\`** (the machine's \`python3\`, ${python(['-c', 'import sys; print(sys.version.split()[0])']).trim()}): the standard library
(\`${lib}\`, site-packages included) and \`examples/\`, ${accuracy.files} files. For every file \`ast\` parses,
the absolute imports (line and top-level name) must be identical:

| files | parsed by ast | identical | different | ast cannot parse |
| --- | --- | --- | --- | --- |
| ${accuracy.files} | ${accuracy.parsed} | ${accuracy.identical} (${pct(accuracy.identical, accuracy.parsed)}) | ${accuracy.different} | ${accuracy.unparsable} |

**JS/TS specifiers against the TypeScript compiler's syntax tree**, on this repository's \`node_modules\`
(files under 1 MB that parse without errors), with the compiler's own fast scanner \`ts.preProcessFile\`
measured against the same tree:

| files parsed | chaos-ci identical to the syntax tree | \`ts.preProcessFile\` identical to the syntax tree |
| --- | --- | --- |
| ${js.parsed} | ${js.oursIdentical} (${pct(js.oursIdentical, js.parsed)}) | ${js.preProcessIdentical} (${pct(js.preProcessIdentical, js.parsed)}) |

**Speed: a full \`chaos-ci audit\` against the seed's method**, on the standard library without
site-packages, median of ${s.rounds} interleaved runs after a warm-up. The seed's method is
\`bench/seed_sentinel_scan.py\`: \`ast.parse\` + \`ast.walk\` of every file in one \`python3\` process, as the
seed's sentinel did. The audit is the whole pipeline (file walk, .gitignore, extraction, classification,
report) in a fresh Node process.

| | files | median wall time | files/s | peak memory |
| --- | --- | --- | --- | --- |
| seed's method (\`python3\` ast walk) | ${s.seedFiles} | ${(s.seed / 1000).toFixed(2)} s | ${Math.round(s.seedFiles / (s.seed / 1000))} | ${(s.seedMemory / 1024).toFixed(0)} MiB |
| \`chaos-ci audit\` | ${s.ourFiles} | ${(s.ours / 1000).toFixed(2)} s | ${Math.round(s.ourFiles / (s.ours / 1000))} | ${(s.ourMemory / 1024).toFixed(0)} MiB |

The audit is **${(s.seed / s.ours).toFixed(1)}× faster** (it also reads \`.pyi\` stubs, hence ${s.ourFiles - s.seedFiles} more file(s)). Same results: for ${same.identical} of the ${same.compared} files both
read, the set of top-level imports is identical${same.identical === same.compared ? '' : ` (${same.compared - same.identical} differ)`}.
Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}.`
}
