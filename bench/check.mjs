// `npm run bench`, check section: the full `chaos-ci check` (the bundled CLI, as a user runs it) on this
// repository with the demo's scenario file, process start included.
import { spawnSync } from 'node:child_process'
import path from 'node:path'

import { median } from './timing.mjs'

const root = path.resolve(import.meta.dirname, '..')
const ROUNDS = Number(process.env.BENCH_CHECK_ROUNDS ?? 7)

export function checkSection() {
  const args = [
    path.join(root, 'dist/cli/index.js'),
    'check',
    '--cwd',
    root,
    '--config',
    'examples/demo-service/chaos_scenarios.yml',
    '--no-report'
  ]
  const times = []
  let last
  for (let round = 0; round <= ROUNDS; round++) {
    const t0 = performance.now()
    last = spawnSync(process.execPath, args, { encoding: 'utf8' })
    if (round > 0) times.push(performance.now() - t0) // the first run warms the file cache
  }
  if (last.status !== 0)
    throw new Error(`chaos-ci check failed on the demo:\n${last.stdout}${last.stderr}`)
  const lines = last.stdout.trim().split('\n')
  const m = median(times)
  return `## Pre-push check

\`chaos-ci check\` (the bundled CLI, every check, a new process each time) on the chaos-ci repository
itself with the demo's scenario file (\`--config examples/demo-service/chaos_scenarios.yml\`): the
dependency audit of every source file, the workflows through GitHub's parser, the scripts they name.
${ROUNDS} runs after one warm-up:

| median | min | max |
| --- | --- | --- |
| ${m.toFixed(0)} ms | ${Math.min(...times).toFixed(0)} ms | ${Math.max(...times).toFixed(0)} ms |

Target: under 5 s (the seed claimed under 30 s): **${m < 5000 ? 'met' : 'not met'}**. Its last output:

\`\`\`text
${lines.join('\n')}
\`\`\``
}
