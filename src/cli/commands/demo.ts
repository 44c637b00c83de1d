/**
 * `chaos-ci demo`: the whole pipeline against the bundled demo service. Today the pipeline is the
 * health stage: start the service, wait until live and ready, print the verdict, stop the service.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import type { Command } from 'commander'

import { UserError } from '../../core/errors.js'
import { startBackground } from '../../core/exec/background.js'
import { type CliIO, EXIT } from '../output.js'
import { healthCommand } from './health.js'

const SERVICE = path.join('examples', 'demo-service', 'server.mjs')

/** Finds the demo service by walking up from this module (src/ in tests, dist/lib/ when bundled). */
export function findDemoService(from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, SERVICE)
    if (existsSync(candidate)) return candidate
    if (path.dirname(dir) === dir) break
  }
  throw new UserError(
    `cannot find ${SERVICE}.`,
    'Run the demo from a clone of the chaos-ci repository.'
  )
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
    const code = await healthCommand(
      {
        url: [`${base}/api/health`, `${base}/api/health/ready`],
        body: '[{"healthy": true}, {"ready": true}, {"status": "healthy"}]',
        requiredSuccesses: '3',
        intervalSeconds: '0.2',
        maxIntervalSeconds: '2',
        timeoutSeconds: '30',
        format: 'text'
      },
      io
    )
    return code
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
