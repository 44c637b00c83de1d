/**
 * The three container faults share one shape: find the containers, register the verb that undoes
 * the fault for each (saved for the post step too), run the fault's verb, and check with
 * `docker inspect` that it landed. Each fault file only names its verbs and its check.
 */
import { type ContainerSelector, inspect } from '../containers/docker.js'
import {
  containerPrecheck,
  describeContainers,
  each,
  readContainerSelector,
  resolveContainers,
  targetContainers
} from './container-target.js'
import { type FaultPlugin, Params } from './plugin.js'

export interface ContainerFaultSpec {
  type: string
  /** The parameters that may name the container (the seed's database_down says `database`). */
  nameKeys: readonly string[]
  verb: string
  undo: string
  describe: (containers: string) => string
  /** The verb acts once (a restart) rather than holding the fault (a stop, a pause). */
  oneShot?: boolean
  /** The inspect template read before and after, and whether the change shows the fault landed. */
  check: {
    template: string
    landed: (before: string | null, after: string | null) => boolean
    words: string
  }
}

export function containerFault(spec: ContainerFaultSpec): FaultPlugin<ContainerSelector> {
  return {
    type: spec.type,
    route: 'tcp',
    ...(spec.oneShot ? { oneShot: true } : {}),
    settings: (scenario, file) => readContainerSelector(new Params(scenario, file), spec.nameKeys),
    describe: selector => spec.describe(describeContainers(selector)),
    precheck: (_settings, env) => containerPrecheck(env),
    resolve: (selector, env) => resolveContainers(selector, env),
    async apply(selector, target) {
      const containers = await targetContainers(selector, target.env)
      const read = (): Promise<Array<string | null>> =>
        Promise.all(containers.map(c => inspect(c.id, spec.check.template, target.env)))
      const before = await read()
      for (const container of containers)
        target.rollback.register(
          `docker ${spec.undo} ${container.names[0]}`,
          () => each([spec.undo], [container], target.env),
          {
            kind: 'exec',
            name: `docker ${spec.undo} ${container.names[0]}`,
            argv: ['docker', spec.undo, container.id]
          }
        )
      await each([spec.verb], containers, target.env)
      const after = await read()
      const landed = containers.filter((_, i) =>
        spec.check.landed(before[i] ?? null, after[i] ?? null)
      )
      return {
        details: { containers: containers.map(c => ({ id: c.id, name: c.names[0] })) },
        efficacy: () => ({
          landed: landed.length === containers.length,
          detail: `${landed.length} of ${containers.length} container(s) ${spec.check.words} after docker ${spec.verb}`
        })
      }
    }
  }
}
