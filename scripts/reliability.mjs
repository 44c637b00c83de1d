#!/usr/bin/env node
// `npm run test:reliability`: runs tests/reliability (jest.reliability.config.js) and writes
// docs/reliability.md from the figures those tests measured in this run and from their results.
// Exits with jest's status (the first failing run's). Text below the KEPT marker in
// docs/reliability.md is carried over.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const doc = path.join(root, 'docs/reliability.md')
const KEPT = '<!-- kept: the text below is not regenerated -->'
const tmp = mkdtempSync(path.join(os.tmpdir(), 'chaos-ci-reliability-'))
const figuresFile = path.join(tmp, 'figures.jsonl')
// Two at a time, the files that measure nothing about time or memory: the fuzzing is CPU-bound and
// the dependency faults mostly wait on @actions/cache's own retries. Then, one at a time and alone on
// the machine, those that measure (the soak's rate and memory, the history's import, the CPU load).
const GROUPS = [
  { workers: 2, files: ['fuzz', 'dependency-faults'] },
  { workers: 1, files: ['soak', 'history-scale', 'cpu-contention'] }
]
const given = process.argv.slice(2)
const runs =
  given.length > 0
    ? [{ workers: 1, args: given }]
    : GROUPS.map(group => ({
        workers: group.workers,
        args: group.files.map(name => `tests/reliability/${name}.test.ts`)
      }))

const started = Date.now()
const outcomes = runs.map((run, i) => {
  const resultsFile = path.join(tmp, `jest-${i}.json`)
  const jest = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/jest/bin/jest.js'),
      '--config',
      path.join(root, 'jest.reliability.config.js'),
      '--maxWorkers',
      String(run.workers),
      '--json',
      '--outputFile',
      resultsFile,
      ...run.args
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        NODE_OPTIONS:
          `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --expose-gc`.trim(),
        NODE_NO_WARNINGS: '1',
        RELIABILITY_FIGURES: figuresFile
      }
    }
  )
  const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : null
  return { status: jest.status ?? 1, results }
})
const seconds = Math.round((Date.now() - started) / 1000)

const figures = existsSync(figuresFile)
  ? readFileSync(figuresFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(line => JSON.parse(line))
  : []
const status = outcomes.find(o => o.status !== 0)?.status ?? 0
const results = outcomes.every(o => o.results)
  ? {
      numPassedTests: outcomes.reduce((a, o) => a + o.results.numPassedTests, 0),
      numFailedTests: outcomes.reduce((a, o) => a + o.results.numFailedTests, 0),
      numPendingTests: outcomes.reduce((a, o) => a + o.results.numPendingTests, 0),
      testResults: outcomes.flatMap(o => o.results.testResults)
    }
  : null
const cell = text => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ')

const lines = [
  '# Reliability',
  '',
  `Produced by \`npm run test:reliability\` (scripts/reliability.mjs, which \`.ci/run\` runs) on`,
  `${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${cell(os.cpus()[0]?.model ?? 'CPU')}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${seconds} s in all.`,
  'Every figure below was measured by that run; run it again to re-measure.',
  `\`SOAK_SECONDS=600 npm run test:reliability\` soaks for 10 minutes instead of ${process.env.SOAK_SECONDS ? 'the default 2' : '2'}.`,
  ''
]
const sections = [...new Set(figures.map(f => f.section))]
for (const section of sections) {
  lines.push(`## ${section}`, '', '| figure | value |', '| --- | --- |')
  for (const f of figures.filter(f => f.section === section))
    lines.push(`| ${cell(f.name)} | ${cell(f.value)} |`)
  lines.push('')
}
if (results) {
  lines.push(
    '## The tests',
    '',
    `${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped.`,
    '',
    '| file | test | result | time |',
    '| --- | --- | --- | --- |'
  )
  for (const file of results.testResults)
    for (const test of file.assertionResults)
      lines.push(
        `| ${path.relative(root, file.name)} | ${cell(test.title)} | ${test.status} | ${((test.duration ?? 0) / 1000).toFixed(1)} s |`
      )
  lines.push('')
}
const previous = existsSync(doc) ? readFileSync(doc, 'utf8') : ''
const kept = previous.includes(KEPT) ? previous.slice(previous.indexOf(KEPT)) : `${KEPT}\n`
writeFileSync(doc, `${lines.join('\n')}\n${kept}`)
console.log(`docs/reliability.md: ${figures.length} figure(s) from this run`)
process.exit(status)
