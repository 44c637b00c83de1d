import { describe, expect, it } from '@jest/globals'

import { modelStoppedStep, nextStep } from '../../../../src/core/heal/next-step.js'
import { CATEGORIES } from '../../../../src/core/heal/rules.js'

describe('what a person must do about a failure that is not retried', () => {
  it('has one sentence for every category', () => {
    for (const category of CATEGORIES) expect(nextStep(category, null)).toMatch(/^[A-Z].*\.$/)
  })

  it('names the file of a configuration error and the module of a dependency', () => {
    expect(
      nextStep(
        'configuration',
        "FileNotFoundError: [Errno 2] No such file or directory: 'config/app.yml'"
      )
    ).toBe("Fix 'config/app.yml', then re-run: a retry cannot change a configuration error.")
    expect(nextStep('dependency', "ModuleNotFoundError: No module named 'yaml'")).toMatch(
      /^Declare and install 'yaml': add the distribution that provides it to requirements\.txt/
    )
    expect(nextStep('dependency', 'missing go.sum entry for module providing package x')).toMatch(
      /go mod tidy/
    )
  })

  it('says how to teach the healer an unknown failure, and that failed tests are real', () => {
    expect(nextStep('unknown', null)).toMatch(
      /read the excerpt, then add a rule for it in \.chaos-ci\/heal-rules\.yml, or set on-unknown: retry/
    )
    expect(nextStep('test', null)).toMatch(/^The tests failed: fix the code or the test/)
    expect(nextStep('resource', null)).toMatch(/bigger runner/)
  })

  it('points at on-unknown when only on-unknown: stop kept a failure the model reads as transient from a retry', () => {
    expect(modelStoppedStep('timeout')).toMatch(
      /reads this as a timeout failure, which a retry can clear; on-unknown is stop, so it was not retried\. Set on-unknown: model \(the default\)/
    )
  })
})
