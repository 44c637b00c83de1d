/**
 * `database_down` (seed: `docker stop`, wait `duration`, `docker start`): the database container
 * (the seed's `database` parameter, or `container`) stops; `docker start` is registered first.
 */
import { containerFault } from './container-fault.js'

export const databaseDown = containerFault({
  type: 'database_down',
  nameKeys: ['database', 'container'],
  verb: 'stop',
  undo: 'start',
  describe: containers => `docker stop ${containers}, docker start after the duration`,
  check: {
    template: '{{.State.Status}}',
    landed: (_, after) => after === 'exited',
    words: 'have exited'
  }
})
