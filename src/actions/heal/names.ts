/** Input and output names of the `heal` action (actions/heal/action.yml). */
import { HEAL_INPUTS } from '../../core/heal/options.js'

export const INPUTS = {
  ...HEAL_INPUTS,
  failOnFlaky: 'fail-on-flaky',
  healDependencies: 'heal-dependencies',
  auditConfig: 'audit-config',
  resultsDir: 'results-dir'
} as const

export const OUTPUTS = {
  exitCode: 'exit-code',
  attempts: 'attempts',
  category: 'category',
  healed: 'healed',
  outcome: 'outcome',
  resultsFile: 'results-file'
} as const
