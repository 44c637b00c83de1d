/**
 * The containers a container fault acts on: `container` (or the seed's `database`) by name, falling
 * back to names that contain it (GitHub service containers get generated names around the image),
 * or `container_label` (key or key=value) or `container_image`. With no Docker engine the scenario
 * is skipped, with the reason; it is never passed.
 */
import {
  type Container,
  type ContainerSelector,
  docker,
  engineMissing,
  findContainers
} from '../containers/docker.js'
import type { Params, TargetCheck } from './plugin.js'

export function readContainerSelector(
  params: Params,
  nameKeys: readonly string[]
): ContainerSelector {
  const keys = [...nameKeys, 'container_label', 'container_image'].filter(key => params.has(key))
  if (keys.length !== 1)
    params.invalid(
      keys[1] ?? nameKeys[0]!,
      keys.length === 0
        ? 'names no container.'
        : `names the container twice (${keys.join(' and ')}).`,
      `Give one of ${nameKeys.join(', ')} (a name, or part of one), container_label (key or key=value) or container_image.`
    )
  const key = keys[0]!
  if (key === 'container_label') return { label: params.string(key)! }
  if (key === 'container_image') return { image: params.string(key)! }
  return { name: params.string(key)! }
}

export function describeContainers(selector: ContainerSelector): string {
  if (selector.name !== undefined) return `container ${selector.name}`
  if (selector.label !== undefined) return `containers labelled ${selector.label}`
  return `containers of image ${selector.image}`
}

/** Why the scenario cannot run here (no engine), or null. */
export function containerPrecheck(env: NodeJS.ProcessEnv): Promise<string | null> {
  return engineMissing(env)
}

/** The matching running containers; an exact name wins over names containing it. */
export async function targetContainers(
  selector: ContainerSelector,
  env: NodeJS.ProcessEnv
): Promise<Container[]> {
  let found = await findContainers(selector, env)
  if (found.length === 0 && selector.name !== undefined)
    found = await findContainers({ nameContains: selector.name }, env)
  if (found.length === 0) {
    const running = await findContainers({}, env)
    throw new Error(
      `no running container matches ${describeContainers(selector)} (running: ${running.flatMap(c => c.names).join(', ') || 'none'})`
    )
  }
  return found
}

/**
 * The dry run's look for the containers: found, not found (with the running ones), or not checked
 * when there is no Docker engine here (the scenario would then be skipped).
 */
export async function resolveContainers(
  selector: ContainerSelector,
  env: NodeJS.ProcessEnv
): Promise<TargetCheck> {
  const missing = await engineMissing(env)
  if (missing) return { found: null, detail: `could not check: ${missing}` }
  try {
    const found = await targetContainers(selector, env)
    return { found: true, detail: found.map(c => `${c.names[0]} (${c.image})`).join(', ') }
  } catch (error) {
    return { found: false, detail: (error as Error).message }
  }
}

/** Runs one docker verb on each container; throws naming the first that failed. */
export async function each(
  verb: string[],
  containers: Container[],
  env: NodeJS.ProcessEnv
): Promise<void> {
  for (const container of containers) {
    const result = await docker([...verb, container.id], env)
    if (!result.ok)
      throw new Error(
        `docker ${verb.join(' ')} ${container.names[0]} failed: ${result.stderr.trim()}`
      )
  }
}
