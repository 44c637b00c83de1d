/**
 * `database_down` (seed: `docker stop`, wait `duration`, `docker start`): the database container
 * (the seed's `database` parameter, or `container`) stops; `docker start` is registered first.
 */
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

export const databaseDown: FaultPlugin<ContainerSelector> = {
  type: 'database_down',
  route: 'tcp',
  settings: (scenario, file) =>
    readContainerSelector(new Params(scenario, file), ['database', 'container']),
  describe: selector =>
    `docker stop ${describeContainers(selector)}, docker start after the duration`,
  precheck: (_settings, env) => containerPrecheck(env),
  async apply(selector, target) {
    const containers = await targetContainers(selector, target.env)
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
    await each(['stop'], containers, target.env)
    const states = await Promise.all(
      containers.map(c => inspect(c.id, '{{.State.Status}}', target.env))
    )
    return {
      details: { containers: containers.map(c => ({ id: c.id, name: c.names[0] })) },
      efficacy: () => ({
        landed: states.every(state => state === 'exited'),
        detail: `states after docker stop: ${states.join(', ')}`
      })
    }
  }
}
