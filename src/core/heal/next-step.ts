/**
 * What a person must do about a failure the healer will not retry: one sentence by category, naming
 * what the matched line names (the file, the module).
 */
import { failureEcosystem } from './ecosystem.js'
import { missingModule, namedFile } from './failure-line.js'
import type { Category } from './rules.js'

function dependency(line: string | null): string {
  const missing = missingModule(line)
  if (missing?.ecosystem === 'python')
    return `Declare and install '${missing.name}': add the distribution that provides it to requirements.txt or pyproject.toml, and install it before this step.`
  if (missing?.ecosystem === 'node')
    return `Declare and install '${missing.name}': add it to package.json and run npm ci (or your package manager) before this step.`
  const ecosystem = failureEcosystem(line)
  if (ecosystem === 'go')
    return 'Declare the missing Go module: run go mod tidy (or go get the package) and commit go.mod and go.sum.'
  if (ecosystem === 'java')
    return 'Declare the missing Java dependency in pom.xml or build.gradle, and check that its repository is reachable.'
  return 'Declare and install the module the matched line names, before this step.'
}

function configuration(line: string | null): string {
  const file = namedFile(line)
  return `Fix ${file ? `'${file}'` : 'the file or setting the matched line names'}, then re-run: a retry cannot change a configuration error.`
}

const ADVICE: Record<Exclude<Category, 'dependency' | 'configuration'>, string> = {
  test: 'The tests failed: fix the code or the test; a retry would only hide a real failure.',
  resource:
    'Free memory or disk (or make the step use less), or run it on a bigger runner: the same runner fails the same way.',
  unknown:
    'No rule knows this failure: read the excerpt, then add a rule for it in .chaos-ci/heal-rules.yml, or set on-unknown: retry if it is transient.',
  timeout:
    'Find what the step waits on when it times out (a lock, a prompt, a service), or raise timeout-seconds if it is only slow.',
  health_check:
    'Check that the service starts and listens where the step dials it (its logs, health-url, the port); if it is only slow, raise health-timeout-seconds or max-attempts.',
  network:
    'Check the host the matched line names and the network to it; if the failure is transient, allow more attempts (max-attempts, retry-delay).',
  injection:
    'Check how the service recovers from the fault (the validate results); if it only needs longer, raise cooldown-seconds or max-attempts.'
}

/** When the total deadline, not the failure, ended the healing. */
export const TOTAL_TIMEOUT_STEP =
  'The total timeout ended the healing: raise total-timeout-seconds, or find what makes the attempts slow.'

/** Added when the category is the corpus model's reading, not a rule's. */
export const MODEL_STEP =
  "No rule matched: this category is the corpus model's reading, so check it against the excerpt, and add a rule in .chaos-ci/heal-rules.yml (or set on-unknown: retry) if the failure is transient."

/**
 * For a failure the corpus model reads as one a retry can clear, stopped only because on-unknown is
 * stop: the setting, not the failure, is what to change.
 */
export function modelStoppedStep(category: Category): string {
  return `No rule matched, and the corpus model reads this as a ${category} failure, which a retry can clear; on-unknown is stop, so it was not retried. Set on-unknown: model (the default) to retry such failures, or add a rule for it in .chaos-ci/heal-rules.yml.`
}

/** The sentence for a stopped failure of `category` whose matched line is `line`. */
export function nextStep(category: Category, line: string | null, byModel = false): string {
  const advice =
    category === 'dependency'
      ? dependency(line)
      : category === 'configuration'
        ? configuration(line)
        : ADVICE[category]
  return byModel && category !== 'unknown' ? `${advice} ${MODEL_STEP}` : advice
}
