/** The job summary. Outside a runner (no GITHUB_STEP_SUMMARY) writing is skipped, not an error. */
import * as core from '@actions/core'

import { fitBytes } from '../core/markdown.js'

/** GitHub shows at most 1 MiB of summary per step. */
export const SUMMARY_LIMIT = 1024 * 1024

/**
 * Appends Markdown to this step's summary, cut to GitHub's 1 MiB limit (with `overflow` said where it
 * was cut); warns (never fails the step) when the file is unwritable.
 */
export async function appendSummary(
  markdown: string,
  overflow = 'The rest was cut at GitHub’s 1 MiB job-summary limit; the results file has all of it.'
): Promise<void> {
  markdown = fitBytes(markdown, SUMMARY_LIMIT - 1024, `_${overflow}_`)
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.debug('GITHUB_STEP_SUMMARY is not set; no job summary written')
    return
  }
  try {
    await core.summary.addRaw(markdown, true).write()
  } catch (error) {
    core.warning(`Could not write the job summary: ${(error as Error).message}`)
  } finally {
    core.summary.emptyBuffer()
  }
}
