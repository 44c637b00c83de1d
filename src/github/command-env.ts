/** The environment a wrapped command sees: the job's, without this action's inputs, state and tokens. */

const PRIVATE =
  /^(INPUT_|STATE_)|^ACTIONS_(RUNTIME_TOKEN|ID_TOKEN_REQUEST_TOKEN|ID_TOKEN_REQUEST_URL|RESULTS_URL|CACHE_URL)$/

/** A copy of `env` without the variables a `run:` step would not have. */
export function commandEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !PRIVATE.test(name)))
}
