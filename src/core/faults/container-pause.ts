/** `container_pause`: `docker pause` for the fault's duration; `docker unpause` is always undone. */
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

export const containerPause: FaultPlugin<ContainerSelector> = {
  type: 'container_pause',
  route: 'tcp',
  settings: (scenario, file) => readContainerSelector(new Params(scenario, file), ['container']),
  describe: selector => `docker pause ${describeContainers(selector)} for the duration`,
  precheck: (_settings, env) => containerPrecheck(env),
  async apply(selector, target) {
    const containers = await targetContainers(selector, target.env)
    for (const container of containers)
      target.rollback.register(
        `docker unpause ${container.names[0]}`,
        () => each(['unpause'], [container], target.env),
        {
          kind: 'exec',
          name: `docker unpause ${container.names[0]}`,
          argv: ['docker', 'unpause', container.id]
        }
      )
    await each(['pause'], containers, target.env)
    const states = await Promise.all(
      containers.map(c => inspect(c.id, '{{.State.Status}}', target.env))
    )
    return {
      details: { containers: containers.map(c => ({ id: c.id, name: c.names[0] })) },
      efficacy: () => ({
        landed: states.every(state => state === 'paused'),
        detail: `states after docker pause: ${states.join(', ')}`
      })
    }
  }
}
