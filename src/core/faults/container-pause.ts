/** `container_pause`: `docker pause` for the fault's duration; `docker unpause` is always undone. */
import { containerFault } from './container-fault.js'

export const containerPause = containerFault({
  type: 'container_pause',
  nameKeys: ['container'],
  verb: 'pause',
  undo: 'unpause',
  describe: containers => `docker pause ${containers} for the duration`,
  check: {
    template: '{{.State.Status}}',
    landed: (_, after) => after === 'paused',
    words: 'are paused'
  }
})
