/** Running the selected checks one after the other; a check that throws is a failure, not a crash. */
import { describeError, UserError } from '../errors.js'
import { didYouMean } from '../text/suggest.js'
import type { CheckContext, CheckResult } from './check.js'
import { CHECK_NAMES, CHECKS } from './registry.js'

export interface CheckReport {
  passed: boolean
  results: CheckResult[]
  ms: number
}

function validate(names: readonly string[], option: string): void {
  for (const name of names)
    if (!CHECK_NAMES.includes(name))
      throw new UserError(
        `there is no check named '${name}'.${didYouMean(name, CHECK_NAMES)}`,
        `Use one of: ${CHECK_NAMES.join(', ')}.`,
        { input: option }
      )
}

/** The checks to run: all, or --only's, less --skip's; unknown names are errors. */
export function selectChecks(only: readonly string[], skip: readonly string[]): string[] {
  validate(only, 'only')
  validate(skip, 'skip')
  return CHECK_NAMES.filter(
    name => (only.length === 0 || only.includes(name)) && !skip.includes(name)
  )
}

export async function runChecks(
  names: readonly string[],
  context: CheckContext
): Promise<CheckReport> {
  const started = performance.now()
  const results: CheckResult[] = []
  for (const check of CHECKS.filter(c => names.includes(c.name))) {
    const t0 = performance.now()
    let outcome
    try {
      outcome = await check.run(context)
    } catch (error) {
      outcome = {
        status: 'failed' as const,
        summary: 'the check itself failed',
        findings: [{ message: describeError(error) }],
        fixed: []
      }
    }
    results.push({ name: check.name, ...outcome, ms: Math.round(performance.now() - t0) })
  }
  return {
    passed: results.every(result => result.status !== 'failed'),
    results,
    ms: Math.round(performance.now() - started)
  }
}
