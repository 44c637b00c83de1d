/**
 * What a stage that had nothing to judge does with its step. A run in which no scenario executed
 * (`nothing-ran`) or a validation that evaluated no SLO (`insufficient-data`) is never a pass: by
 * default it fails the step; `warn` keeps the step green with a warning that says why.
 */
export const EMPTY_POLICIES = ['fail', 'warn'] as const
export type EmptyPolicy = (typeof EMPTY_POLICIES)[number]
