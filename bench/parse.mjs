// `npm run bench`, parse section: reading a scenario file of 10,000 scenarios, as a user runs it (the
// bundled CLI, process start included) and in-process (the parser alone, then ours over it), at three
// sizes to show the cost is linear; and an alias bomb, refused (issue #18).
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { compiledModules } from './compiled.mjs'
import { interleaved, median, timeCommand } from './timing.mjs'

const root = path.resolve(import.meta.dirname, '..')
const ROUNDS = Number(process.env.BENCH_PARSE_ROUNDS ?? 7)
const SIZES = [1_000, 10_000, 20_000]
const TYPES = [
  ['network_delay', ['delay_ms: 150']],
  ['http_fault', ['status: 503', 'error_rate_percent: 20']],
  ['cpu_exhaust', ['cpu_workers: 2']]
]

/** A scenario file of `count` scenarios of the seed's shape: 9 to 10 lines each, with an SLO. */
export function scenarioText(count) {
  const lines = ['slo_targets:', '  max_error_rate_percent: 10', 'scenarios:']
  for (let i = 0; i < count; i++) {
    const [type, parameters] = TYPES[i % TYPES.length]
    lines.push(
      `  - name: 'scenario ${i}'`,
      `    type: ${type}`,
      '    intensity: medium',
      '    duration: 8',
      `    description: 'generated ${i}'`,
      '    parameters:',
      ...parameters.map(p => `      ${p}`),
      '    slo:',
      '      max_latency_degradation_ms: 250'
    )
  }
  return `${lines.join('\n')}\n`
}

/** Nine levels of nine aliases ("billion laughs"): 9^9 strings in about 500 bytes. */
export function bombText() {
  const names = 'abcdefghi'.split('')
  const laughs = names.map((name, i) =>
    i === 0
      ? `        a: &a [${Array(9).fill('"x"').join(', ')}]`
      : `        ${name}: &${name} [${Array(9)
          .fill(`*${names[i - 1]}`)
          .join(', ')}]`
  )
  return `${[
    'scenarios:',
    '  - name: laughs',
    '    type: network_delay',
    '    intensity: light',
    '    duration: 5',
    '    parameters:',
    '      expected_impact:',
    ...laughs,
    '      delay_ms: *i'
  ].join('\n')}\n`
}

/** Median wall and CPU ms of `fn` over ROUNDS runs after three warm-ups (the JIT settles). */
function timeIt(fn) {
  for (let i = 0; i < 3; i++) fn()
  const wall = []
  const cpu = []
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now()
    const c0 = process.cpuUsage()
    fn()
    const used = process.cpuUsage(c0)
    wall.push(performance.now() - t0)
    cpu.push((used.user + used.system) / 1000)
  }
  return { wall: median(wall), cpu: median(cpu) }
}

async function inProcess(texts) {
  const { dir } = await compiledModules()
  const { load } = await import('js-yaml')
  const { loadLocated } = await import(path.join(dir, 'src/core/yaml/located.js'))
  const { parseScenarioFile } = await import(path.join(dir, 'src/core/scenarios/parse.js'))
  const rows = SIZES.map(count => {
    const text = texts.get(count)
    const ms = {
      load: timeIt(() => load(text)),
      located: timeIt(() => loadLocated('chaos.yml', text)),
      parse: timeIt(() => parseScenarioFile('chaos.yml', text))
    }
    return { count, bytes: Buffer.byteLength(text), ...ms }
  })
  let refusal = ''
  const bomb = timeIt(() => {
    try {
      parseScenarioFile('chaos.yml', bombText())
    } catch (error) {
      refusal = `${error.location.line}:${error.location.column}: ${error.message}`
    }
  })
  return { rows, bombMs: bomb.wall, refusal }
}

export async function parseSection() {
  const load = os.loadavg()[0]
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chaos-ci-bench-parse-'))
  const texts = new Map(SIZES.map(count => [count, scenarioText(count)]))
  writeFileSync(path.join(dir, 'one.yml'), scenarioText(1))
  writeFileSync(path.join(dir, 'big.yml'), texts.get(10_000))
  writeFileSync(path.join(dir, 'bomb.yml'), bombText())
  const cli = (file, expectCode = 0) => {
    const args = ['check', '--only', 'config', '--cwd', dir, '--config', file, '--no-report']
    return () =>
      timeCommand(process.execPath, [path.join(root, 'dist/cli/index.js'), ...args], {
        cwd: dir,
        expectCode
      })
  }
  const commands = await interleaved(
    {
      'check --only config --config one.yml (1 scenario)': cli('one.yml'),
      'check --only config --config big.yml (10,000 scenarios)': cli('big.yml'),
      'check --only config --config bomb.yml (the alias bomb)': cli('bomb.yml', 1)
    },
    { runs: ROUNDS, warmup: 1 }
  )
  const { rows, bombMs, refusal } = await inProcess(texts)
  const ms = value => `${value.toFixed(value < 10 ? 1 : 0)} ms`
  const big = rows.find(row => row.count === 10_000)
  const [one, ten, bomb] = commands
  const perScenario = r => r.parse.wall / r.count
  const growth = perScenario(rows.at(-1)) / perScenario(rows[0])
  const row = r =>
    `| ${r.count.toLocaleString('en')} | ${(r.bytes / 1024).toFixed(0)} KiB | ${ms(r.load.wall)} | ${ms(r.located.wall)} | ${ms(r.parse.wall)} | ${ms(r.parse.cpu)} | ${((r.parse.wall / r.count) * 1000).toFixed(0)} µs |`
  return `## Parsing a scenario file

What reading a scenario file costs, on 10,000 generated scenarios of the seed's shape
(${(big.bytes / 2 ** 20).toFixed(1)} MiB; each with a type, intensity, duration, description, parameters and an
SLO; \`bench/parse.mjs\`), and on the 500-byte alias bomb of docs/security.md (nine levels of nine
aliases). The machine's load average when the section started: ${load.toFixed(1)} on ${os.cpus().length} cores.

**As a user runs it**: \`node dist/cli/index.js check --only config --config FILE --no-report\`, a new
process each time, so process start and loading the bundle are included (the 1-scenario row is
that fixed cost, and no run has a warm JIT); ${ROUNDS} interleaved runs after one warm-up:

| command | median | min | max |
| --- | --- | --- | --- |
${commands.map(r => `| \`${r.name}\` | ${ms(r.median)} | ${ms(r.min)} | ${ms(r.max)} |`).join('\n')}

**In-process**: the compiled sources in this one process, median of ${ROUNDS} runs after three
warm-ups. js-yaml's \`load\` alone (the floor), then \`loadLocated\` (one parse into events, the alias
limit, the value and every key's position), then \`parseScenarioFile\` (that, and every scenario
validated); wall time, and for \`parseScenarioFile\` also the CPU time of this process, which a shared
machine inflates less:

| scenarios | size | js-yaml load | loadLocated | parseScenarioFile | its CPU time | per scenario |
| --- | --- | --- | --- | --- | --- | --- |
${rows.map(row).join('\n')}

Per scenario, 20,000 cost ${growth.toFixed(2)}× what 1,000 do (a lookup that scans from the top of the file
for each scenario makes that 20×). The alias bomb, in-process, is refused
in ${ms(bombMs)}: \`${refusal}\`.

Targets (issue #18): 10,000 scenarios parsed in under 1 s in-process: **${big.parse.wall < 1000 ? 'met' : 'not met'}**
(${ms(big.parse.wall)} wall, ${ms(big.parse.cpu)} CPU); the command on them takes ${ms(ten.median)} in all, ${ms(ten.median - one.median)} more than on one scenario.
The bomb a located error in under a second: **${bomb.median < 1000 ? 'met' : 'not met'}** (${ms(bomb.median)} for the whole command).`
}
