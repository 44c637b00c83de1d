/** `container_crash` (seed: `docker restart`): the container restarts; its start is always ensured. */
import type { ContainerSelector } from '../containers/docker.js'
import { inspect } from '../containers/docker.js'
import {
  containerPrecheck,
  describeContainers,
  each,
  readContainerSelector,
  targetContainers
} from './container-target.js'
import { type FaultPlugin, Params } from './plugin.js'

export const containerCrash: FaultPlugin<ContainerSelector> = {
  type: 'container_crash',
  route: 'tcp',
  settings: (scenario, file) => readContainerSelector(new Params(scenario, file), ['container']),
  describe: selector => `docker restart ${describeContainers(selector)}`,
  precheck: (_settings, env) => containerPrecheck(env),
  async apply(selector, target) {
    const containers = await targetContainers(selector, target.env)
    const before = await Promise.all(
      containers.map(c => inspect(c.id, '{{.State.StartedAt}}', target.env))
    )
    for (const container of containers)
      target.rollback.register(
        `docker start ${container.names[0]}`,
        () => each(['start'], [container], target.env),
        {
          kind: 'exec',
          name: `docker start ${container.names[0]}`,
          argv: ['docker', 'start', container.id]
        }
      )
    await each(['restart'], containers, target.env)
    const after = await Promise.all(
      containers.map(c => inspect(c.id, '{{.State.StartedAt}}', target.env))
    )
    const restarted = containers.filter((_, i) => after[i] !== null && after[i] !== before[i])
    return {
      details: { containers: containers.map(c => ({ id: c.id, name: c.names[0] })) },
      efficacy: () => ({
        landed: restarted.length === containers.length,
        detail: `${restarted.length} of ${containers.length} container(s) show a new start time`
      })
    }
  }
}
