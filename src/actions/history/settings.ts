/** The `history` action's inputs, read once and validated. */
import { UserError } from '../../core/errors.js'
import { optionalText, parseNumber } from '../../core/settings/parse.js'
import { readInputs } from '../../github/inputs.js'
import { INPUTS } from './names.js'

export interface HistorySettings {
  /** The DB path, exactly as written: it is part of the cache entry's version. */
  db: string
  resultsDir: string
  prefix: string
  keep: number
  /** Drop rows older than this many days before saving; 0 keeps everything. */
  retentionDays: number
  /** auto: save except on pull requests; always; never. */
  save: 'auto' | 'always' | 'never'
  token: string
  /** The data branch of the durable tier, or '' when off. */
  durableBranch: string
  /** Its git remote: the repository itself unless given. */
  durableRemote: string
}

export function readSettings(): HistorySettings {
  return historySettingsFrom(readInputs(INPUTS))
}

/** The same from raw strings (the root pipeline builds them from its own inputs). */
export function historySettingsFrom(
  raw: Partial<Record<keyof typeof INPUTS, string>>
): HistorySettings {
  const save = optionalText(raw.save) ?? 'auto'
  if (save !== 'auto' && save !== 'always' && save !== 'never') {
    throw new UserError(
      `'${save}' is not a save mode.`,
      'Set save to auto (not on pull requests), always or never.',
      { input: INPUTS.save }
    )
  }
  const prefix = optionalText(raw.keyPrefix) ?? 'chaos-history-v1-'
  if (/[,]/.test(prefix))
    throw new UserError(
      'a cache key cannot contain a comma.',
      'Remove the comma from key-prefix.',
      { input: INPUTS.keyPrefix }
    )
  return {
    db: optionalText(raw.db) ?? 'reports/chaos_history.db',
    resultsDir: optionalText(raw.resultsDir) ?? 'chaos-results',
    prefix,
    keep: parseNumber(INPUTS.keep, raw.keep, 10, { min: 0, max: 1000, integer: true }),
    retentionDays: parseNumber(INPUTS.retentionDays, raw.retentionDays, 0, {
      min: 0,
      max: 36500,
      integer: true
    }),
    save,
    token: optionalText(raw.token) ?? '',
    durableBranch: optionalText(raw.durableBranch) ?? '',
    durableRemote:
      optionalText(raw.durableRemote) ??
      `${process.env.GITHUB_SERVER_URL ?? 'https://github.com'}/${process.env.GITHUB_REPOSITORY ?? ''}.git`
  }
}
