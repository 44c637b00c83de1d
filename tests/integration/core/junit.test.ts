/**
 * The JUnit files as their readers take them: well-formed for xmllint; valid against the rules of
 * Ant's JUnit format and of Jenkins's, restated from their schemas in our own two minimal XSDs
 * (tests/fixtures/junit/*.xsd, whose comments list the rules) and checked by `xmllint --schema`; and
 * read by a JUnit consumer from npm (test-results-parser, as test-report tools use it), where a
 * failed SLO is a failure, chaos-ci's own error an error, and a warned SLO never a plain pass.
 */
import { spawnSync } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'
import { parse } from 'test-results-parser'

import { injectJunit } from '../../../src/core/experiment/interchange.js'
import { validateJunit } from '../../../src/core/validate/describe.js'
import type { ValidatePayload } from '../../../src/core/validate/payload.js'
import { ROOT } from '../../helpers/action-runner.js'
import { slo, validatePayload } from '../../helpers/comment-results.js'
import { injectPayload, scenario } from '../../helpers/inject-results.js'
import { tempDir } from '../../helpers/processes.js'

const SCHEMAS = path.join(ROOT, 'tests/fixtures/junit')
const CONTEXT = { timestamp: new Date('2026-11-01T10:00:00.123Z'), hostname: 'runner-1' }
/** Text that breaks XML when written raw: markup, entities, quotes, controls, a lone surrogate. */
const NASTY = 'a <b> & "c" \u0001\u0008 \uD800 end'

type Slo = ValidatePayload['scenarios'][number]['slos'][number]

function judged(): ValidatePayload {
  const payload = validatePayload(3, 4) as unknown as ValidatePayload
  const [one, two, three] = payload.scenarios
  one!.name = NASTY
  one!.slos = [
    slo({ label: 'latency p95', verdict: 'fail', value: 900 }),
    slo({ label: 'error rate', verdict: 'warn', note: NASTY }),
    slo({ label: 'availability', verdict: 'insufficient-data', value: null }),
    slo({ label: 'recovery', verdict: 'pass' })
  ] as unknown as Slo[]
  two!.slos = [
    slo({
      label: 'latency p99',
      verdict: 'pass',
      baseline: { runs: 20, median: 100, low: 80, high: 120, change: 90, regression: true }
    })
  ] as unknown as Slo[]
  Object.assign(three!, { slos: [], verdict: 'error', reason: 'the proxy could not bind' })
  return payload
}

function xmllint(file: string, schema?: string): { status: number | null; stderr: string } {
  const args = ['--noout', ...(schema ? ['--schema', path.join(SCHEMAS, schema)] : []), file]
  const run = spawnSync('xmllint', args, { encoding: 'utf8' })
  if (run.error)
    throw new Error(`xmllint did not start (${run.error.message}); .ci/run installs it`)
  return { status: run.status, stderr: run.stderr }
}

async function files(): Promise<{ validate: string; inject: string }> {
  const dir = await tempDir()
  const validate = path.join(dir, 'validate.xml')
  const inject = path.join(dir, 'inject.xml')
  await writeFile(validate, validateJunit(judged(), CONTEXT))
  const ran = [
    scenario({ name: 'passes' }),
    scenario({ name: NASTY, status: 'failed', reason: NASTY }),
    scenario({ name: 'broke', status: 'error', reason: 'spawn EACCES' }),
    scenario({ name: 'later', status: 'skipped', reason: 'not in this group' })
  ]
  await writeFile(inject, injectJunit(injectPayload(ran), 'runner-1'))
  return { validate, inject }
}

describe('JUnit XML for its readers', () => {
  it('is well-formed and valid by the Ant and the Jenkins rules, both files', async () => {
    for (const file of Object.values(await files())) {
      expect(xmllint(file)).toMatchObject({ status: 0 })
      expect(xmllint(file, 'ant-rules.xsd')).toEqual({ status: 0, stderr: `${file} validates\n` })
      expect(xmllint(file, 'jenkins-rules.xsd')).toEqual({
        status: 0,
        stderr: `${file} validates\n`
      })
    }
  })

  it('stamps every suite with Ant’s zone-less timestamp, the hostname and its error count', async () => {
    const xml = validateJunit(judged(), CONTEXT)
    const suites = [...xml.matchAll(/<testsuite ([^>]*)>/g)].map(m => m[1]!)
    expect(suites).toHaveLength(3)
    for (const [id, attributes] of suites.entries()) {
      expect(attributes).toContain('timestamp="2026-11-01T10:00:00"')
      expect(attributes).toContain('hostname="runner-1"')
      expect(attributes).toContain(`id="${id}"`)
      expect(attributes).toMatch(/ errors="\d+"/)
    }
  })

  it('reads, in a JUnit consumer, failures as failures, errors as errors and warnings as no pass', async () => {
    const { validate, inject } = await files()
    const result = parse({ type: 'junit', files: [validate] })
    const [first, second, third] = result.suites
    const status = (suite: typeof first, name: string) =>
      suite!.cases.find(c => c.name === name)?.status
    expect(first!.name).toBe('a <b> & "c"   end')
    expect(status(first, 'latency p95')).toBe('FAIL')
    expect(status(first, 'error rate')).toBe('SKIP')
    expect(status(first, 'availability')).toBe('SKIP')
    expect(status(first, 'recovery')).toBe('PASS')
    // A regression that does not fail the step warns: not a plain pass either.
    expect(status(second, 'latency p99')).toBe('SKIP')
    expect(third!.errors).toBe(1)
    expect(third!.cases[0]!.status).toBe('FAIL')
    // The suite's properties say which cases warned, for tools that show properties.
    expect(first!.metadata).toMatchObject({
      'verdict: error rate': 'warn',
      'verdict: latency p95': 'fail'
    })
    expect(first!.metadata).toMatchObject({ warned: 1 })
    expect(second!.metadata).toMatchObject({ warned: 1, 'verdict: latency p99': 'warn' })
    // Of 6 cases one passes: the two warnings and the one without data are counted apart, as skips.
    expect(result).toMatchObject({ passed: 1, failed: 1, errors: 1, skipped: 3 })
    const injected = parse({ type: 'junit', files: [inject] }).suites[0]!
    expect(injected.cases.map(c => c.status)).toEqual(['PASS', 'FAIL', 'FAIL', 'SKIP'])
    expect(injected).toMatchObject({ failed: 1, errors: 1, skipped: 1, passed: 1 })
  })
})
