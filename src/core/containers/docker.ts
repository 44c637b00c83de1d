/**
 * The `docker` CLI, as the container faults use it: is an engine there, which running containers
 * match a selector (GitHub service containers have generated names, so by name, a part of the
 * name, a label or the image), and the few verbs the faults need. Arguments are argv, never a shell.
 */
import { runCommand } from '../exec/run-command.js'

export interface ContainerSelector {
  name?: string
  nameContains?: string
  /** `key` or `key=value`. */
  label?: string
  /** `repo`, `repo:tag` or a prefix of the image reference. */
  image?: string
}

export interface Container {
  id: string
  names: string[]
  image: string
  labels: Record<string, string>
}

export interface DockerResult {
  ok: boolean
  stdout: string
  stderr: string
}

/** Runs `docker args…` with `env` (whose PATH finds docker); never throws. */
export async function docker(args: string[], env: NodeJS.ProcessEnv): Promise<DockerResult> {
  let stdout = ''
  try {
    const result = await runCommand(
      { argv: ['docker', ...args] },
      {
        env,
        timeoutMs: 60_000,
        onOutput: (text, stream) => {
          if (stream === 'stdout') stdout += text
        }
      }
    )
    return { ok: result.exitCode === 0, stdout, stderr: result.stderr }
  } catch (error) {
    return { ok: false, stdout, stderr: (error as Error).message }
  }
}

/** Null when an engine answers; else why not, in words (a scenario is then skipped with it). */
export async function engineMissing(env: NodeJS.ProcessEnv): Promise<string | null> {
  const info = await docker(['info', '--format', '{{.ServerVersion}}'], env)
  if (info.ok && info.stdout.trim()) return null
  const why = info.stderr.trim().split('\n').find(Boolean) ?? 'no answer'
  return `no Docker engine: docker info failed (${why})`
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {}
  for (const pair of text.split(',').filter(Boolean)) {
    const at = pair.indexOf('=')
    labels[at < 0 ? pair : pair.slice(0, at)] = at < 0 ? '' : pair.slice(at + 1)
  }
  return labels
}

export function matches(container: Container, selector: ContainerSelector): boolean {
  if (selector.name !== undefined && !container.names.includes(selector.name)) return false
  if (
    selector.nameContains !== undefined &&
    !container.names.some(name => name.includes(selector.nameContains!))
  )
    return false
  if (selector.label !== undefined) {
    const at = selector.label.indexOf('=')
    const key = at < 0 ? selector.label : selector.label.slice(0, at)
    if (!(key in container.labels)) return false
    if (at >= 0 && container.labels[key] !== selector.label.slice(at + 1)) return false
  }
  if (selector.image !== undefined && !container.image.startsWith(selector.image)) return false
  return true
}

/** The running containers matching the selector. */
export async function findContainers(
  selector: ContainerSelector,
  env: NodeJS.ProcessEnv
): Promise<Container[]> {
  const listed = await docker(['ps', '--no-trunc', '--format', '{{json .}}'], env)
  if (!listed.ok) throw new Error(`docker ps failed: ${listed.stderr.trim()}`)
  return listed.stdout
    .split('\n')
    .filter(line => line.trim().startsWith('{'))
    .map(line => JSON.parse(line) as { ID: string; Names: string; Image: string; Labels?: string })
    .map(row => ({
      id: row.ID,
      names: row.Names.split(','),
      image: row.Image,
      labels: parseLabels(row.Labels ?? '')
    }))
    .filter(container => matches(container, selector))
}

/** A field of `docker inspect` (a Go template such as {{.State.Status}}), or null. */
export async function inspect(
  id: string,
  template: string,
  env: NodeJS.ProcessEnv
): Promise<string | null> {
  const result = await docker(['inspect', '--format', template, id], env)
  return result.ok ? result.stdout.trim() : null
}
