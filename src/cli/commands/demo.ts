/**
 * `chaos-ci demo`: the pipeline, as far as it is built, against the bundled demo service — start it,
 * wait until live and ready (health), audit its dependencies (audit), run a smoke request with
 * healing (heal), run three faults under traffic (inject), judge them against the SLOs (validate),
 * record every results file into a history database (record), write the weekly report (report) —
 * then stop it.
 * Everything it writes goes to a temporary folder.
 */
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import type { Command } from 'commander'

import { UserError } from '../../core/errors.js'
import { startBackground } from '../../core/exec/background.js'
import { findPackageFile } from '../../core/package-files.js'
import { writeReportFile } from '../../core/report/from-file.js'
import { type CliIO, EXIT } from '../output.js'
import { auditCommand } from './audit.js'
import { healCommand } from './heal.js'
import { healthCommand } from './health.js'
import { recordCommand } from './history.js'
import { injectCommand } from './inject.js'
import { validateCommand } from './validate.js'

const SERVICE = path.join('examples', 'demo-service', 'server.mjs')

/** Finds the demo service by walking up from this module (src/ in tests, dist/lib/ when bundled). */
export function findDemoService(from?: string): string {
  const found = findPackageFile(SERVICE, from)
  if (found) return found
  throw new UserError(
    `cannot find ${SERVICE}.`,
    'Run the demo from a clone of the chaos-ci repository.'
  )
}

/** The weekly report over the demo's history, written beside it. */
async function writeReport(dbFile: string, output: string, io: CliIO): Promise<number> {
  const { data } = await writeReportFile(dbFile, output, { end: new Date(), lookbackDays: 7 })
  io.err(`report: ${output} (${data.recommendations.length} recommendation(s))`)
  return EXIT.ok
}

/** Starts the demo service on a free port, checks it and always stops it. */
export async function demoCommand(io: CliIO): Promise<number> {
  const script = findDemoService()
  io.err(`starting ${SERVICE}`)
  const service = startBackground(process.execPath, [script], {
    env: { ...process.env, PORT: '0', READY_AFTER_MS: '1500' }
  })
  try {
    const [, base] = await service.waitForLine(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 10_000)
    io.err(`demo service up at ${base} (pid ${service.pid}); readiness turns green after 1.5 s`)
    const work = await mkdtemp(path.join(os.tmpdir(), 'chaos-ci-demo-'))
    // one local run id for every stage, so the history shows one run
    process.env.CHAOS_CI_RUN_ID ??= `local-demo-${Date.now()}`
    const results = path.join(work, 'chaos-results')
    const stages: Array<[string, () => Promise<number>]> = [
      [
        'health',
        () =>
          healthCommand(
            {
              url: [`${base}/api/health`, `${base}/api/health/ready`],
              body: '[{"healthy": true}, {"ready": true}, {"status": "healthy"}]',
              requiredSuccesses: '3',
              intervalSeconds: '0.2',
              maxIntervalSeconds: '2',
              timeoutSeconds: '30',
              format: 'text',
              resultsDir: results
            },
            io
          )
      ],
      [
        'audit',
        () =>
          auditCommand(
            [],
            { workingDirectory: path.dirname(script), format: 'text', resultsDir: results },
            io
          )
      ],
      [
        'heal',
        () =>
          healCommand(
            [
              process.execPath,
              '-e',
              `fetch('${base}/api/items').then(r => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json() }).then(items => console.log(items.length + ' items'))`
            ],
            { maxAttempts: '3', retryDelay: '0.2', format: 'text', resultsDir: results },
            io
          )
      ],
      [
        'inject',
        () =>
          injectCommand(
            {
              config: path.join(path.dirname(script), 'chaos_scenarios.yml'),
              targetUrl: base,
              requests: 'GET /api/items\nGET /api/health',
              rate: '100',
              baselineSeconds: '1',
              sliceMs: '200',
              format: 'text',
              resultsDir: results
            },
            io
          )
      ],
      [
        'validate',
        () =>
          validateCommand(
            {
              results,
              config: path.join(path.dirname(script), 'chaos_scenarios.yml'),
              historyDb: path.join(work, 'chaos_history.db'),
              format: 'text',
              resultsDir: results
            },
            io
          )
      ],
      ['record', () => recordCommand([results], path.join(work, 'chaos_history.db'), io)],
      [
        'report',
        () =>
          writeReport(path.join(work, 'chaos_history.db'), path.join(work, 'chaos-report.md'), io)
      ]
    ]
    const passed: string[] = []
    for (const [name, stage] of stages) {
      if ((await stage()) !== EXIT.ok) {
        io.out(`demo: ${name} failed after ${passed.join(', ') || 'nothing'} passed`)
        return EXIT.failed
      }
      passed.push(name)
    }
    io.out(
      `demo: ${passed.join(' → ')} passed; results, history and report in ${work} (the report: ${path.join(work, 'chaos-report.md')})`
    )
    return EXIT.ok
  } catch (error) {
    io.err(service.output())
    throw error
  } finally {
    await service.stop()
    io.err('demo service stopped')
  }
}

export function registerDemo(
  program: Command,
  io: CliIO,
  done: (code: Promise<number>) => void
): void {
  program
    .command('demo')
    .description('run the pipeline against the bundled demo service (examples/demo-service)')
    .action(() => done(demoCommand(io).then(code => (code === EXIT.ok ? code : EXIT.failed))))
}
