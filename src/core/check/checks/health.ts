/**
 * `health`: when a target is given, or the scenario file's monitoring endpoint is a full URL, one
 * probe must answer 2xx. An unreachable service is skipped (not passed) unless --require-service.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'

import { HttpFailure, nodeHttpGet } from '../../health/http-get.js'
import { parseScenarioFile } from '../../scenarios/parse.js'
import { type Check, failedWith, passed, skipped } from '../check.js'

async function endpoint(cwd: string, config: string): Promise<URL | undefined> {
  const file = path.join(cwd, config)
  if (!existsSync(file)) return undefined
  try {
    const raw = parseScenarioFile(config, await readFile(file, 'utf8')).monitoring.health_check
      ?.endpoint
    return raw && /^https?:\/\//.test(raw) ? new URL(raw) : undefined
  } catch {
    return undefined // the config check reports it
  }
}

export const health: Check = {
  name: 'health',
  about: 'the service answers its health endpoint (when one is given and up)',
  async run({ settings }) {
    const url = settings.targetUrl ?? (await endpoint(settings.cwd, settings.config))
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
