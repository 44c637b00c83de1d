/**
 * YAML with source positions. `loadLocated` parses a document into plain values and remembers where
 * each mapping key and sequence item starts, so validation errors can name the file, line and column.
 * It is the one way chaos-ci reads YAML: the text is parsed once into events, the aliases are held to
 * their limit (aliases.ts), then the same events give the value and the positions.
 */
import * as yaml from 'js-yaml'

import { UserError } from '../errors.js'
import { lineIndex } from '../text/position.js'
import { checkAliases } from './aliases.js'

/** A path into a document: mapping keys and sequence indexes. */
export type YamlPath = ReadonlyArray<string | number>

export interface Position {
  line: number
  column: number
}

/** A parsed document and where its parts are. */
export interface LocatedDocument {
  file: string
  value: unknown
  /** Where the node at `path` starts (its key, for a mapping entry); the nearest ancestor if unknown. */
  at(path: YamlPath): Position
}

/** Where a node starts, and its children by key or index. */
interface Spot {
  offset: number
  children?: Map<string | number, Spot>
}

interface Frame {
  spot: Spot
  sequence: boolean
  index: number
  /** For a mapping: the spot of the key whose value comes next, or undefined when a key comes next. */
  pending?: Spot
}

/** Walks the parser's events into a tree of offsets: each key, each item (a value is at its key). */
function positions(source: string, events: readonly yaml.Event[]): Spot {
  const root: Spot = { offset: 0 }
  const stack: Frame[] = []
  /** The spot of the node that starts at `offset`; for a mapping key, `name` if it is a scalar. */
  const spotOf = (offset: number, name?: string): Spot => {
    const top = stack[stack.length - 1]
    if (!top) return root
    if (top.pending) {
      const spot = top.pending
      top.pending = undefined
      return spot
    }
    const spot: Spot = { offset }
    top.spot.children ??= new Map()
    if (top.sequence) top.spot.children.set(top.index++, spot)
    else {
      // a key: its value is located at it (an alias or a collection as a key has no name to record)
      if (name !== undefined) top.spot.children.set(name, spot)
      top.pending = spot
    }
    return spot
  }
  for (const event of events) {
    if (event.type === yaml.EVENT_ID.SCALAR) {
      const top = stack[stack.length - 1]
      const isKey = top !== undefined && !top.sequence && top.pending === undefined
      spotOf(event.valueStart, isKey ? yaml.getScalarValue(source, event) : undefined)
    } else if (event.type === yaml.EVENT_ID.MAPPING || event.type === yaml.EVENT_ID.SEQUENCE) {
      const spot = spotOf(event.start)
      stack.push({ spot, sequence: event.type === yaml.EVENT_ID.SEQUENCE, index: 0 })
    } else if (event.type === yaml.EVENT_ID.POP) {
      stack.pop()
    } else if (event.type === yaml.EVENT_ID.ALIAS) {
      spotOf(event.anchorStart)
    }
  }
  return root
}

/** The document's value, as `yaml.load` gives it: exactly one document, aliases within the limit. */
function construct(
  file: string,
  source: string,
  events: yaml.Event[],
  line: (offset: number) => Position
): unknown {
  checkAliases(events, source, offset => ({ file, ...line(offset) }))
  const documents = yaml.constructFromEvents(events, { source, filename: file })
  if (documents.length === 0)
    throw new yaml.YAMLException('expected a document, but the input is empty')
  if (documents.length > 1)
    throw new yaml.YAMLException('expected a single document in the stream, but found more')
  return documents[0]
}

/** Parses `source` (named `file` in errors); a syntax error becomes a UserError with line and column. */
export function loadLocated(file: string, source: string): LocatedDocument {
  const line = lineIndex(source)
  let value: unknown
  let root: Spot
  try {
    const events = yaml.parseEvents(source, { filename: file })
    value = construct(file, source, events, line)
    root = positions(source, events)
  } catch (error) {
    if (error instanceof yaml.YAMLException) {
      const mark = (error as yaml.YAMLException & { mark?: { line: number; column: number } }).mark
      throw new UserError(
        `YAML syntax error: ${error.reason}.`,
        'Fix the YAML at that line (indentation, quotes or a missing colon).',
        {
          file,
          ...(mark ? { line: mark.line + 1, column: mark.column + 1 } : {})
        }
      )
    }
    throw error
  }
  return {
    file,
    value,
    at(path) {
      let spot = root
      for (const part of path) {
        const child = spot.children?.get(part)
        if (!child) break
        spot = child
      }
      return line(spot.offset)
    }
  }
}
