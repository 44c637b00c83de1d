/**
 * The alias limit. A few hundred bytes of nested aliases ("billion laughs") stand for gigabytes once
 * anything walks or serialises the value (issue #18), and js-yaml's own `maxAliases` counts aliases,
 * not what they repeat. Before the document is built, the parser's events are walked once: each
 * anchored node's expanded size is remembered, each alias adds the size of what it repeats, and past
 * the limit the alias is a located UserError.
 */
import * as yaml from 'js-yaml'

import { type ErrorLocation, UserError } from '../errors.js'

/** What the aliases of one document may repeat in all, in characters of the values they stand for. */
export const MAX_ALIAS_EXPANSION = 100_000

/** The alias limit's UserError, told apart so that a check can keep the file from other YAML parsers. */
export class AliasError extends UserError {}

/** An anchored node: its expanded size once its last event is seen; open while it is being read. */
interface Anchor {
  size: number
  open: boolean
}

interface Frame {
  size: number
  anchor?: Anchor
}

const nameOf = (source: string, event: { anchorStart: number; anchorEnd: number }): string =>
  source.slice(event.anchorStart, event.anchorEnd)

/**
 * Throws a UserError at the alias that takes the expansion past `limit`, or at an alias inside the
 * node its own anchor names (a cycle, which nothing downstream could walk). A node's size is one
 * plus its text for a scalar, one plus its children's sizes for a collection.
 */
export function checkAliases(
  events: readonly yaml.Event[],
  source: string,
  locate: (offset: number) => ErrorLocation,
  limit = MAX_ALIAS_EXPANSION
): void {
  let anchors = new Map<string, Anchor>()
  const stack: Frame[] = []
  let expanded = 0
  const add = (size: number): void => {
    const top = stack[stack.length - 1]
    if (top) top.size += size
  }
  for (const event of events) {
    if (event.type === yaml.EVENT_ID.DOCUMENT) {
      anchors = new Map()
      stack.push({ size: 0 })
    } else if (event.type === yaml.EVENT_ID.SCALAR) {
      const size = 1 + Math.max(0, event.valueEnd - event.valueStart)
      if (event.anchorStart !== -1) anchors.set(nameOf(source, event), { size, open: false })
      add(size)
    } else if (event.type === yaml.EVENT_ID.MAPPING || event.type === yaml.EVENT_ID.SEQUENCE) {
      const anchor = event.anchorStart !== -1 ? { size: 0, open: true } : undefined
      if (anchor) anchors.set(nameOf(source, event), anchor)
      stack.push({ size: 1, ...(anchor ? { anchor } : {}) })
    } else if (event.type === yaml.EVENT_ID.POP) {
      const frame = stack.pop()!
      if (frame.anchor) Object.assign(frame.anchor, { size: frame.size, open: false })
      add(frame.size)
    } else if (event.type === yaml.EVENT_ID.ALIAS) {
      const name = nameOf(source, event)
      const anchor = anchors.get(name)
      if (anchor?.open)
        throw new AliasError(
          `the YAML alias *${name} is inside the value its anchor &${name} names (a cycle).`,
          `Refer to &${name} only after its value ends, or write the value out.`,
          locate(event.anchorStart - 1)
        )
      const size = anchor?.size ?? 1
      expanded += size
      if (expanded > limit)
        throw new AliasError(
          `YAML aliases expand to more than ${limit.toLocaleString('en')} characters (here, *${name}).`,
          'Write the values out, or use fewer aliases.',
          locate(event.anchorStart - 1)
        )
      add(size)
    }
  }
}
