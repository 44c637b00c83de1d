// `npm run bench`, install section: the package as a user gets it — `npm pack` of this checkout, its
// size packed and unpacked, and `npm install <tarball>` into a fresh temporary project (offline: with
// no runtime dependencies nothing is fetched), timed from spawn to exit, median of a few runs.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { median } from './timing.mjs'

const root = path.resolve(import.meta.dirname, '..')
const ROUNDS = Number(process.env.BENCH_INSTALL_ROUNDS ?? 5)
const mib = bytes => `${(bytes / 1024 / 1024).toFixed(2)} MiB`
// only PATH and HOME, so that an npm running the bench does not hand its npm_config_* to these
const env = { PATH: process.env.PATH, HOME: process.env.HOME }

function npm(args, cwd) {
  const result = spawnSync('npm', args, { cwd, env, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed:\n${result.stderr}`)
  return result.stdout
}

/** Bytes of every regular file under `dir`. */
function du(dir) {
  let total = 0
  for (const name of readdirSync(dir, { recursive: true })) {
    const stat = statSync(path.join(dir, name))
    if (stat.isFile()) total += stat.size
  }
  return total
}

/** One install of `tarball` into a new project: wall time, packages added, node_modules bytes. */
function installOnce(tarball) {
  const project = mkdtempSync(path.join(os.tmpdir(), 'chaos-ci-bench-install-'))
  try {
    writeFileSync(path.join(project, 'package.json'), '{ "name": "probe", "private": true }\n')
    const t0 = performance.now()
    const out = npm(
      ['install', '--offline', '--no-audit', '--no-fund', '--save-dev', tarball],
      project
    )
    const ms = performance.now() - t0
    const added = Number(/added (\d+) package/.exec(out)?.[1] ?? NaN)
    return { ms, added, bytes: du(path.join(project, 'node_modules')) }
  } finally {
    rmSync(project, { recursive: true, force: true })
  }
}

export function installSection() {
  const work = mkdtempSync(path.join(os.tmpdir(), 'chaos-ci-bench-pack-'))
  try {
    const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], root))
    const tarball = path.join(work, packed.filename)
    installOnce(tarball) // warms npm's cache of the tarball
    const runs = Array.from({ length: ROUNDS }, () => installOnce(tarball))
    const times = runs.map(r => r.ms)
    const last = runs[runs.length - 1]
    return `## Install size and time

The package as a user gets it: \`npm pack\` of this checkout, then \`npm install --offline --save-dev
<tarball>\` into a fresh temporary project, timed from spawn to exit (${ROUNDS} runs after one warm-up; each
in a new project). \`dist/\` bundles every dependency, so the package declares none and the install adds
${last.added} package: nothing is fetched from the registry. The installed size is every file under the
project's \`node_modules\`. \`tests/e2e/package-install.test.ts\` installs the same way and runs the CLI there.

| figure | value |
| --- | --- |
| packed (the tarball) | ${mib(packed.size)} (${packed.entryCount} files) |
| unpacked | ${mib(packed.unpackedSize)} |
| installed (\`node_modules\`) | ${mib(last.bytes)}, ${last.added} package |
| install time, median | ${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}) |

For comparison, issue #21 found a packed install pulling 85 packages, 123 MB, while the bundled dependencies were still declared as runtime ones.`
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
