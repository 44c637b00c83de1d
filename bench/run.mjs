#!/usr/bin/env node
// `npm run bench`: measures what docs/benchmarks.md reports, side by side in one run, and rewrites it.
// Today: the size of dist/ and the cold start of dist/health/index.js against `node -e ''`.
// Timings are medians over interleaved runs, so both sides see the same machine load.
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const RUNS = Number(process.env.BENCH_RUNS ?? 21)

function run(args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(process.execPath, args, {
      env,
      cwd: env.BENCH_CWD ?? root,
      stdio: 'ignore'
    })
    child.on('error', reject)
    child.on('close', code => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}`))
      else resolve(ms)
    })
  })
}

const median = values => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function sizeOf(dir) {
  let total = 0
  const files = []
  for (const name of readdirSync(dir, { recursive: true })) {
    const file = path.join(dir, name)
    const stat = statSync(file)
    if (stat.isFile()) {
      total += stat.size
      files.push([path.relative(root, file), stat.size])
    }
  }
  return { total, files: files.sort((a, b) => b[1] - a[1]) }
}

async function coldStart() {
  const server = http.createServer((_req, res) => res.end('{"status":"healthy"}'))
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${server.address().port}/api/health`
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'chaos-ci-bench-'))
  const base = { PATH: process.env.PATH, BENCH_CWD: cwd }
  const action = { ...base, INPUT_URL: url, 'INPUT_REQUIRED-SUCCESSES': '1' }
  const sides = {
    "node -e ''": () => run(['-e', ''], base),
    'import dist/lib/index.js': () =>
      run(
        [
          '-e',
          `await import(${JSON.stringify(path.join(root, 'dist/lib/index.js'))})`,
          '--input-type=module'
        ],
        base
      ),
    'node dist/health/index.js (1 probe)': () =>
      run([path.join(root, 'dist/health/index.js')], action)
  }
  const times = Object.fromEntries(Object.keys(sides).map(name => [name, []]))
  for (let i = 0; i < RUNS + 2; i++) {
    for (const [name, side] of Object.entries(sides)) {
      const ms = await side()
      if (i >= 2) times[name].push(ms) // two warm-up rounds fill the OS file cache
    }
  }
  server.close()
  return Object.entries(times).map(([name, values]) => ({
    name,
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values)
  }))
}

const dist = sizeOf(path.join(root, 'dist'))
const starts = await coldStart()
const baseline = starts[0].median
const kib = bytes => (bytes < 10 * 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(0)} KiB`)
const cpu = os.cpus()[0]?.model ?? 'unknown CPU'

const doc = `# Benchmarks

Written by \`npm run bench\` (bench/run.mjs); do not edit by hand. Last run: ${new Date().toISOString().slice(0, 10)},
Node ${process.version}, ${os.cpus().length} × ${cpu}, ${os.platform()} ${os.release()}.

## Size of dist/

${kib(dist.total)} in all (${(dist.total / 1024 / 1024).toFixed(2)} MiB), of which:

| file | size |
| --- | --- |
${dist.files.map(([file, size]) => `| \`${file}\` | ${kib(size)} |`).join('\n')}

Every action's entry is one line into the shared bundle \`dist/lib/index.js\`, so adding an action adds bytes, not a copy of the toolkit.

## Cold start of \`dist/health/index.js\`

${RUNS} interleaved runs of each command after 2 warm-up rounds; wall time from spawn to exit. The health run
is \`INPUT_URL\` plus \`INPUT_REQUIRED-SUCCESSES=1\` against a local server answering 200, so it is one probe.

| command | median | min | max | median ÷ \`node -e ''\` |
| --- | --- | --- | --- | --- |
${starts.map(s => `| ${s.name} | ${s.median.toFixed(1)} ms | ${s.min.toFixed(1)} ms | ${s.max.toFixed(1)} ms | ${(s.median / baseline).toFixed(2)}× |`).join('\n')}

The action's own cost is the difference: ${(starts[2].median - baseline).toFixed(1)} ms over a bare Node start, of which
loading the shared bundle is ${(starts[1].median - baseline).toFixed(1)} ms.
`
writeFileSync(path.join(root, 'docs/benchmarks.md'), doc)
console.log(doc)
