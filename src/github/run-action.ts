/**
 * The wrapper every action's run() goes through: a thrown UserError becomes one readable failure
 * message (with the fix), any other error a failure with its message; never a stack trace.
 */
import * as core from '@actions/core'

import { describeError, UserError, UserErrors } from '../core/errors.js'

/** One error annotation per problem, at its file and line when it has one. */
function annotateEach(error: UserErrors): void {
  for (const problem of error.problems) {
    const { file, line, column } = problem.location
    core.error(describeError(problem), {
      ...(file ? { file } : {}),
      ...(line ? { startLine: line } : {}),
      ...(line && column ? { startColumn: column } : {})
    })
  }
}

/** Runs `body`; on error marks the step failed (exit code 1) without calling process.exit. */
export async function runAction(body: () => Promise<void>): Promise<void> {
  try {
    await body()
  } catch (error) {
    if (!(error instanceof UserError) && error instanceof Error && error.stack)
      core.debug(error.stack)
    if (error instanceof UserErrors) {
      annotateEach(error)
      core.setFailed(`${error.message}: each is annotated above.`)
    } else core.setFailed(describeError(error))
  }
}

/** The same wrapper for a post step: problems are warnings, never failures. */
export async function runPost(body: () => Promise<void>): Promise<void> {
  try {
    await body()
  } catch (error) {
    core.warning(describeError(error))
  }
}
