/**
 * The pull request of a workflow_run comment and the artifact's right to speak for it. The target
 * comes only from the trusted event: workflow_run.pull_requests[], or, when GitHub leaves that empty
 * (it does for forks), the open pull requests whose head is the run's head commit in the run's head
 * repository (looked up by the caller). The artifact's run blocks are then checked against the same
 * event; any mismatch refuses the whole artifact. See docs/security.md.
 */
import { clip } from '../markdown.js'
import type { ResultsFile } from '../results/schema.js'
import { at, count, items } from './untrusted.js'

/** What the workflow_run event says about the run that produced the artifact. */
export interface WorkflowRunFacts {
  id: number
  /** null when the event does not say. */
  attempt: number | null
  headSha: string
  headBranch: string | null
  /** owner/name of the head commit's repository: the fork's, for a fork. */
  headRepository: string | null
  /** The run's own event (pull_request, push, …); null when the event does not say. */
  event: string | null
  /** Pull requests of `repo` from pull_requests[] whose head is the run's head commit. */
  pullRequests: number[]
}

const lower = (text: unknown): string | null =>
  typeof text === 'string' ? text.toLowerCase() : null
const quoted = (value: unknown): string => JSON.stringify(clip(String(value), 80))
/** A run-block field the file sets: absent (null, missing) claims nothing and is not checked. */
const given = (value: unknown): boolean => value !== null && value !== undefined

/** The facts of `raw` (the event's workflow_run) for repository `repo` (owner/name), or why not. */
export function workflowRunFacts(raw: unknown, repo: string): WorkflowRunFacts | string {
  const id = count(at(raw, 'id'))
  const headSha = at(raw, 'head_sha')
  if (!id) return 'the workflow_run event has no run id'
  if (typeof headSha !== 'string' || !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(headSha))
    return 'the workflow_run event has no head commit'
  const branch = at(raw, 'head_branch')
  const headRepository = at(at(raw, 'head_repository'), 'full_name')
  const event = at(raw, 'event')
  const pullRequests = items(at(raw, 'pull_requests'))
    .filter(
      pr =>
        at(at(pr, 'head'), 'sha') === headSha &&
        (lower(at(at(at(pr, 'base'), 'repo'), 'url')) ?? '').endsWith(
          `/repos/${repo.toLowerCase()}`
        )
    )
    .map(pr => count(at(pr, 'number')))
    .filter((n): n is number => !!n)
  return {
    id,
    attempt: count(at(raw, 'run_attempt')) || null,
    headSha,
    headBranch: typeof branch === 'string' && branch ? branch : null,
    headRepository: typeof headRepository === 'string' ? headRepository : null,
    event: typeof event === 'string' ? event : null,
    pullRequests: [...new Set(pullRequests)]
  }
}

/** Of pull requests from the API (GET /repos/{repo}/pulls), those whose head is the run's head. */
export function pullRequestsOfHead(pulls: readonly unknown[], facts: WorkflowRunFacts): number[] {
  const numbers = pulls
    .filter(
      pr =>
        at(at(pr, 'head'), 'sha') === facts.headSha &&
        facts.headRepository !== null &&
        lower(at(at(at(pr, 'head'), 'repo'), 'full_name')) === facts.headRepository.toLowerCase()
    )
    .map(pr => count(at(pr, 'number')))
  return [...new Set(numbers.filter((n): n is number => !!n))]
}

export type Target = { number: number } | { problem: string; refused: boolean }

/**
 * The pull request to comment on, from the event's `candidates` and the workflow's `pr-number`: a
 * pr-number the event does not back is refused; none or several candidates are a problem to report.
 */
export function chooseTarget(candidates: readonly number[], prNumber?: number): Target {
  const list = candidates.map(n => `#${n}`).join(', ')
  if (prNumber !== undefined)
    return candidates.includes(prNumber)
      ? { number: prNumber }
      : {
          refused: true,
          problem: `pr-number ${prNumber} is not the pull request the triggering run was for (${list ? `the event names ${list}` : 'no open pull request has its head commit'}).`
        }
  if (candidates.length === 1) return { number: candidates[0]! }
  return candidates.length
    ? {
        refused: false,
        problem: `the triggering run's head commit is the head of ${list}; set pr-number to the one to comment on.`
      }
    : {
        refused: false,
        problem:
          'no open pull request has the triggering run’s head commit (closed, or pushed to since?).'
      }
}

function refMismatch(ref: unknown, facts: WorkflowRunFacts, target: number): string | null {
  if (!given(ref)) return null
  const pull = typeof ref === 'string' ? /^refs\/pull\/(\d+)\/(?:merge|head)$/.exec(ref) : null
  if (pull)
    return Number(pull[1]) === target
      ? null
      : `ref ${quoted(ref)} names another pull request than #${target}`
  if (facts.headBranch !== null && ref === `refs/heads/${facts.headBranch}`) return null
  return `ref ${quoted(ref)} is not the triggering run's (pull request #${target}, branch ${quoted(facts.headBranch)})`
}

/** Why one results file's run block is not the triggering run's; [] when it is. */
function runMismatches(
  run: unknown,
  facts: WorkflowRunFacts,
  target: number,
  repo: string
): string[] {
  const out: string[] = []
  const runId = at(run, 'run_id')
  if (runId !== String(facts.id))
    out.push(`run_id ${quoted(runId)} is not the triggering run's ${facts.id}`)
  const attempt = at(run, 'run_attempt')
  if (
    given(attempt) &&
    (!count(attempt) || (facts.attempt !== null && (attempt as number) > facts.attempt))
  )
    out.push(`run_attempt ${quoted(attempt)} is not an attempt of the triggering run`)
  const repository = at(run, 'repo')
  if (given(repository) && lower(repository) !== repo.toLowerCase())
    out.push(`repo ${quoted(repository)} is not ${repo}`)
  const event = at(run, 'event')
  if (given(event) && facts.event !== null && event !== facts.event)
    out.push(`event ${quoted(event)} is not the triggering run's ${quoted(facts.event)}`)
  const ref = at(run, 'ref')
  const refProblem = refMismatch(ref, facts, target)
  if (refProblem) out.push(refProblem)
  // A pull_request run's sha is GitHub's test merge commit, which the event does not name: its ref
  // (checked above) ties it to the target instead.
  const sha = at(run, 'sha')
  if (given(sha) && sha !== facts.headSha && ref !== `refs/pull/${target}/merge`)
    out.push(`sha ${quoted(sha)} is not the triggering run's head commit ${facts.headSha}`)
  return out
}

/** Every way the artifact's results files contradict the event, each naming its file; [] for none. */
export function artifactMismatches(
  files: ReadonlyArray<{ file: string; results: ResultsFile }>,
  facts: WorkflowRunFacts,
  target: number,
  repo: string
): string[] {
  return files.flatMap(({ file, results }) =>
    runMismatches(results.run, facts, target, repo).map(problem => `${file}: ${problem}`)
  )
}
