/** Input, output and state names of the `history` action (actions/history/action.yml). */
export const INPUTS = {
  db: 'db',
  resultsDir: 'results-dir',
  keyPrefix: 'key-prefix',
  keep: 'keep',
  save: 'save',
  retentionDays: 'retention-days',
  token: 'token',
  durableBranch: 'durable-branch',
  durableRemote: 'durable-remote'
} as const

export const OUTPUTS = {
  restored: 'restored',
  matchedKey: 'matched-key',
  db: 'db'
} as const

/** What main hands to post. */
export const STATE = {
  db: 'history-db',
  restored: 'history-restored'
} as const
