/**
 * Chaos Toolkit's rules for a journal, restated from chaoslib (chaostoolkit-lib: `run.py`'s
 * `initialize_run_journal` and its status handling, `activity.py`'s `ensure_activity_is_valid`,
 * `hypothesis.py`'s probes and tolerances, the providers' validators) and from the journal reference
 * (chaostoolkit.org, reference/api/journal). {@link ctkProblems} lists every rule a journal breaks.
 *
 * 1. The journal has `chaoslib-version`, `platform` and `node` (strings), `experiment`, `start` and
 *    `end` (ISO date-times), `duration` (seconds), `status`, `deviated` (a boolean),
 *    `steady_states` {before, after, during: []}, `run: []` and `rollbacks: []`.
 * 2. `status` is one of chaoslib's four: completed, failed, aborted, interrupted.
 * 3. The experiment has a title and a description, a method of at least one activity, and a
 *    steady-state hypothesis with a title whose probes each have a tolerance.
 * 4. Every activity — hypothesis probes, method, rollbacks, and each one a run record names — is a
 *    `probe` or an `action` with a non-empty name and a provider whose type chaoslib runs: `python`
 *    (module and func), `process` (path; arguments a string or a list) or `http` (url; timeout a
 *    number). A rollback is an action with a provider, like any other.
 * 5. A steady-state record's `steady_state_met` is a boolean backed by its probe runs: at least
 *    one, each with the probe activity, a status of succeeded or failed, and `tolerance_met`; it is
 *    met exactly when every probe was within tolerance.
 * 6. `deviated` only when the steady state after the method was not met, and then status failed;
 *    status failed only when a steady state (before or after) was not met; when the one before was
 *    not met the method did not run (`run` is empty).
 * 7. Run and rollback records have a status of succeeded or failed, and a duration.
 */

type Json = Record<string, unknown>

const STATUSES = ['completed', 'failed', 'aborted', 'interrupted']
const RUN_STATUSES = ['succeeded', 'failed']
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.trim() !== ''

function providerProblems(provider: Json, where: string): string[] {
  switch (provider.type) {
    case 'python':
      return nonEmpty(provider.module) && nonEmpty(provider.func)
        ? []
        : [`${where}: a python provider needs module and func`]
    case 'process':
      return [
        ...(nonEmpty(provider.path) ? [] : [`${where}: a process provider needs a path`]),
        ...(provider.arguments === undefined ||
        typeof provider.arguments === 'string' ||
        Array.isArray(provider.arguments)
          ? []
          : [`${where}: process arguments are a string or a list`])
      ]
    case 'http':
      return [
        ...(nonEmpty(provider.url) ? [] : [`${where}: an http provider needs a url`]),
        ...(provider.timeout === undefined || typeof provider.timeout === 'number'
          ? []
          : [`${where}: an http timeout is a number`])
      ]
    default:
      return [`${where}: provider type ${String(provider.type)} is not python, process or http`]
  }
}

/** Rule 4 for one activity. */
export function activityProblems(activity: unknown, where: string): string[] {
  if (!isObject(activity)) return [`${where}: not an activity`]
  const problems: string[] = []
  if (activity.type !== 'probe' && activity.type !== 'action')
    problems.push(`${where}: type ${String(activity.type)} is not probe or action`)
  if (!nonEmpty(activity.name)) problems.push(`${where}: an activity needs a name`)
  if (!isObject(activity.provider)) problems.push(`${where}: an activity needs a provider`)
  else problems.push(...providerProblems(activity.provider, where))
  return problems
}

function steadyProblems(state: unknown, where: string): string[] {
  if (state === null) return []
  if (!isObject(state) || typeof state.steady_state_met !== 'boolean')
    return [`${where}: steady_state_met is not a boolean`]
  const probes = Array.isArray(state.probes) ? (state.probes as unknown[]) : []
  if (probes.length === 0) return [`${where}: steady_state_met stands on no probe run`]
  const problems = probes.flatMap((run, i) => {
    const r = isObject(run) ? run : {}
    return [
      ...activityProblems(r.activity, `${where}.probes[${i}].activity`),
      ...(RUN_STATUSES.includes(String(r.status)) ? [] : [`${where}.probes[${i}]: bad status`]),
      ...(typeof r.tolerance_met === 'boolean' ? [] : [`${where}.probes[${i}]: no tolerance_met`])
    ]
  })
  const met = probes.every(run => isObject(run) && run.tolerance_met === true)
  if (met !== state.steady_state_met)
    problems.push(
      `${where}: steady_state_met is ${String(state.steady_state_met)}, its probes say ${met}`
    )
  return problems
}

function recordProblems(records: unknown, where: string): string[] {
  if (!Array.isArray(records)) return [`${where}: not a list`]
  return records.flatMap((record, i) => {
    const r = isObject(record) ? record : {}
    return [
      ...activityProblems(r.activity, `${where}[${i}].activity`),
      ...(RUN_STATUSES.includes(String(r.status)) ? [] : [`${where}[${i}]: bad status`]),
      ...(typeof r.duration === 'number' ? [] : [`${where}[${i}]: no duration`])
    ]
  })
}

function experimentProblems(experiment: unknown): string[] {
  if (!isObject(experiment)) return ['experiment: missing']
  const problems: string[] = []
  if (!nonEmpty(experiment.title)) problems.push('experiment: no title')
  if (!nonEmpty(experiment.description)) problems.push('experiment: no description')
  const method = Array.isArray(experiment.method) ? experiment.method : []
  if (method.length === 0) problems.push('experiment: a method needs at least one activity')
  method.forEach((a, i) => problems.push(...activityProblems(a, `method[${i}]`)))
  const hypothesis = experiment['steady-state-hypothesis']
  if (hypothesis !== undefined) {
    const h = isObject(hypothesis) ? hypothesis : {}
    if (!nonEmpty(h.title)) problems.push('steady-state-hypothesis: no title')
    const probes = Array.isArray(h.probes) ? h.probes : []
    probes.forEach((p, i) => {
      problems.push(...activityProblems(p, `hypothesis.probes[${i}]`))
      if (!isObject(p) || p.tolerance === undefined)
        problems.push(`hypothesis.probes[${i}]: a hypothesis probe needs a tolerance`)
    })
  }
  const rollbacks = Array.isArray(experiment.rollbacks) ? experiment.rollbacks : []
  rollbacks.forEach((a, i) => problems.push(...activityProblems(a, `rollbacks[${i}]`)))
  return problems
}

/** Every rule (1–7 above) the journal breaks; [] when it is valid. */
export function ctkProblems(journal: Json): string[] {
  const problems: string[] = []
  for (const key of ['chaoslib-version', 'platform', 'node'])
    if (!nonEmpty(journal[key])) problems.push(`${key}: not a non-empty string`)
  for (const key of ['start', 'end'])
    if (!ISO.test(String(journal[key]))) problems.push(`${key}: not an ISO date-time`)
  if (typeof journal.duration !== 'number') problems.push('duration: not a number')
  if (!STATUSES.includes(String(journal.status)))
    problems.push(`status: ${String(journal.status)} is not one of ${STATUSES.join(', ')}`)
  if (typeof journal.deviated !== 'boolean') problems.push('deviated: not a boolean')
  problems.push(...experimentProblems(journal.experiment))
  const states = isObject(journal.steady_states) ? journal.steady_states : {}
  if (!Array.isArray(states.during)) problems.push('steady_states.during: not a list')
  const before = states.before ?? null
  const after = states.after ?? null
  problems.push(...steadyProblems(before, 'steady_states.before'))
  problems.push(...steadyProblems(after, 'steady_states.after'))
  problems.push(...recordProblems(journal.run, 'run'))
  problems.push(...recordProblems(journal.rollbacks, 'rollbacks'))
  const notMet = (state: unknown): boolean => isObject(state) && state.steady_state_met === false
  if (journal.deviated === true && !(notMet(after) && journal.status === 'failed'))
    problems.push('deviated: only when the steady state after was not met, with status failed')
  if (notMet(after) && journal.deviated !== true)
    problems.push('deviated: the steady state after was not met, so the run deviated')
  if (journal.status === 'failed' && !notMet(before) && !notMet(after))
    problems.push('status: failed, but no steady state was missed')
  if (notMet(before) && Array.isArray(journal.run) && journal.run.length > 0)
    problems.push('run: the steady state before was not met, so the method must not have run')
  return problems
}
