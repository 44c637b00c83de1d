/** `container_crash` (seed: `docker restart`): the container restarts; its start is always ensured. */
import { containerFault } from './container-fault.js'

export const containerCrash = containerFault({
  type: 'container_crash',
  nameKeys: ['container'],
  verb: 'restart',
  undo: 'start',
  oneShot: true,
  describe: containers => `docker restart ${containers}`,
  check: {
    template: '{{.State.StartedAt}}',
    landed: (before, after) => after !== null && after !== before,
    words: 'show a new start time'
  }
})
