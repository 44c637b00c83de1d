/** Input, output and state names of the root action (action.yml at the repository root). */
export const INPUTS = {
  mode: 'mode',
  targetUrl: 'target-url',
  healthPath: 'health-path',
  healthTimeoutSeconds: 'health-timeout-seconds',
  config: 'config',
  scenario: 'scenario',
  group: 'group',
  environment: 'environment',
  requests: 'requests',
  rate: 'rate',
  baselineSeconds: 'baseline-seconds',
  command: 'command',
  maxAttempts: 'max-attempts',
  allowDestructive: 'allow-destructive',
  allowRemoteTarget: 'allow-remote-target',
  slos: 'slos',
  auditDirectory: 'audit-directory',
  skip: 'skip',
  checks: 'checks',
  historyDb: 'history-db',
  save: 'save',
  commentName: 'comment-name',
  token: 'token',
  resultsDir: 'results-dir',
  failOnFailure: 'fail-on-failure',
  onNothingRan: 'on-nothing-ran'
} as const

export const OUTPUTS = {
  passed: 'passed',
  failedStages: 'failed-stages',
  resultsDir: 'results-dir',
  reportFile: 'report-file',
  historyDb: 'history-db',
  commentUrl: 'comment-url'
} as const

/** What main hands to post (the inject stage's own state names carry the pending undos). */
export const STATE = {
  ran: 'pipeline-ran'
} as const
