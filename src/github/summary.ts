/** The job summary. Outside a runner (no GITHUB_STEP_SUMMARY) writing is skipped, not an error. */
import * as core from '@actions/core'

/** Appends Markdown to this step's summary; warns (never fails the step) when the file is unwritable. */
export async function appendSummary(markdown: string): Promise<void> {
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
