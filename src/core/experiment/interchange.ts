/**
 * Interchange formats, so existing tools read a run unchanged: a Chaos Toolkit journal per scenario
 * (./ctk-journal.ts) and JUnit XML with one test case per scenario.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { type JunitCase, junitContext, junitXml } from '../junit.js'
import { type CtkHost, ctkHost, ctkJournal } from './ctk-journal.js'
import type { InjectPayload } from './payload.js'
import type { ScenarioResult } from './result.js'

function junitCase(result: ScenarioResult): JunitCase {
  const base = {
    name: result.name,
    classname: `chaos-ci.inject.${result.type}`,
    time: result.elapsed_ms / 1000
  }
  const message = result.reason ?? result.status
  if (result.status === 'passed') return { ...base, output: result.efficacy?.detail ?? '' }
  if (result.status === 'skipped' || result.status === 'not-supported')
    return { ...base, skipped: `${result.status}: ${result.reason ?? ''}` }
  // chaos-ci itself (or the environment) went wrong: an error, not the service failing.
  if (result.status === 'error') return { ...base, error: { type: result.status, message } }
  return { ...base, failure: { type: result.status, message } }
}

/**
 * JUnit XML: one test case per scenario; not-supported and skipped scenarios are skipped cases,
 * scenarios that ended in chaos-ci's own error are errors. The suite's timestamp is the first
 * scenario's start (now when none ran).
 */
export function injectJunit(payload: InjectPayload, hostname?: string): string {
  const first = payload.scenarios.find(s => s.started_at)?.started_at
  const context = junitContext(first ? new Date(first) : new Date())
  return junitXml(
    [
      {
        name: 'chaos-ci inject',
        cases: payload.scenarios.map(junitCase),
        properties: payload.scenarios.map(s => [`status: ${s.name}`, s.status])
      }
    ],
    hostname ? { ...context, hostname } : context
  )
}

/** Writes the journals (one per scenario that ran) and the JUnit file, where asked. */
export async function writeInterchange(
  payload: InjectPayload,
  where: { journalDir?: string; junitFile?: string },
  host: CtkHost = ctkHost()
): Promise<void> {
  if (where.journalDir) {
    await mkdir(where.journalDir, { recursive: true })
    for (const [i, result] of payload.scenarios.entries()) {
      if (result.status === 'not-supported' || result.status === 'skipped') continue
      const name = `${String(i + 1).padStart(2, '0')}-${result.name.replace(/[^\w.-]+/g, '_')}.json`
      await writeFile(
        path.join(where.journalDir, name),
        `${JSON.stringify(ctkJournal(result, payload, host), null, 2)}\n`
      )
    }
  }
  if (where.junitFile) {
    await mkdir(path.dirname(where.junitFile), { recursive: true })
    await writeFile(where.junitFile, injectJunit(payload))
  }
}
