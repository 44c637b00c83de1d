/**
 * `health`: when a target is given (probed at the scenario file's monitoring endpoint, as inject
 * probes it), or that endpoint is a full URL, one probe must answer 2xx. An unreachable service is
 * skipped (not passed) unless --require-service.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'

import { healthUrl } from '../../experiment/inject.js'
import { HttpFailure, nodeHttpGet } from '../../health/http-get.js'
import { parseScenarioFile } from '../../scenarios/parse.js'
import { type Check, type CheckSettings, failedWith, passed, skipped } from '../check.js'

/** The scenario file's monitoring.health_check.endpoint as written (a path or a full URL). */
async function endpoint(cwd: string, config: string): Promise<string | undefined> {
  const file = path.resolve(cwd, config)
  if (!existsSync(file)) return undefined
  try {
    return parseScenarioFile(config, await readFile(file, 'utf8')).monitoring.health_check?.endpoint
  } catch {
    return undefined // the config check reports it
  }
}

/**
 * What to probe: with --target-url, the file's endpoint on that target, as inject resolves it (the
 * target itself when the file names none); without, the endpoint when it is a full URL.
 */
async function probeUrl(settings: CheckSettings): Promise<URL | undefined> {
  const raw = await endpoint(settings.cwd, settings.config)
  if (settings.targetUrl) return healthUrl(settings.targetUrl, raw) ?? undefined
  return raw && /^https?:\/\//.test(raw) ? new URL(raw) : undefined
}

export const health: Check = {
  name: 'health',
  about: 'the service answers its health endpoint (when one is given and up)',
  async run({ settings }) {
    const url = await probeUrl(settings)
    if (!url)
      return skipped(
        'no target: give --target-url, or a full URL as monitoring.health_check.endpoint'
      )
    try {
      const response = await nodeHttpGet(url, settings.healthTimeoutSeconds * 1000)
      if (response.status >= 200 && response.status < 300)
        return passed(`${url.href} answered HTTP ${response.status}`)
      return failedWith(`${url.href} answered HTTP ${response.status}`, [
        {
          message: `${url.href} is up but unhealthy: HTTP ${response.status}.`,
          fix: 'Look at the service log; the chaos scenarios need a healthy steady state.'
        }
      ])
    } catch (error) {
      if (!(error instanceof HttpFailure)) throw error
      if (!settings.requireService)
        return skipped(
          `${url.href} is not reachable (${error.message}); --require-service makes this a failure`
        )
      return failedWith(`${url.href} is not reachable`, [
        {
          message: `${url.href}: ${error.message}.`,
          fix: 'Start the service (or drop --require-service to skip this check).'
        }
      ])
    }
  }
}
