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
