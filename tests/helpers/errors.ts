/** Test helpers for typed errors. */
import { UserError } from '../../src/core/errors.js'

/** Runs `fn` and returns the UserError it throws; fails the test if it throws nothing or another error. */
export function userErrorOf(fn: () => unknown): UserError {
  try {
    fn()
  } catch (error) {
    if (error instanceof UserError) return error
    throw error
  }
  throw new Error('expected a UserError, but nothing was thrown')
}

/** Awaits `promise` and returns the UserError it rejects with; fails the test otherwise. */
export async function userErrorFrom(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  if (error instanceof UserError) return error
  throw new Error(
    error === undefined
      ? 'expected a UserError, but it resolved'
      : `expected a UserError: ${error instanceof Error ? error.message : JSON.stringify(error)}`
  )
}
