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

const key = (path: YamlPath): string => JSON.stringify(path)

interface Frame {
  kind: 'mapping' | 'sequence'
  path: YamlPath
  index: number
  /** For a mapping: the key whose value comes next, or undefined when a key comes next. */
  pendingKey?: string
}

/** Walks the parser's events and records an offset for each key and item. */
function positions(source: string, events: readonly yaml.Event[]): Map<string, number> {
  const offsets = new Map<string, number>([[key([]), 0]])
  const stack: Frame[] = []
  const childPath = (offset: number): YamlPath | undefined => {
    const top = stack[stack.length - 1]
    if (!top) return []
    if (top.kind === 'sequence') {
      const path = [...top.path, top.index++]
      offsets.set(key(path), offset)
      return path
    }
    if (top.pendingKey === undefined) return undefined
    const path = [...top.path, top.pendingKey]
    top.pendingKey = undefined
    return path
  }
  for (const event of events) {
    if (event.type === yaml.EVENT_ID.SCALAR) {
      const top = stack[stack.length - 1]
      if (top?.kind === 'mapping' && top.pendingKey === undefined) {
        top.pendingKey = yaml.getScalarValue(source, event)
        offsets.set(key([...top.path, top.pendingKey]), event.valueStart)
      } else childPath(event.valueStart)
    } else if (event.type === yaml.EVENT_ID.MAPPING || event.type === yaml.EVENT_ID.SEQUENCE) {
      const path = childPath(event.start) ?? []
      stack.push({
        kind: event.type === yaml.EVENT_ID.MAPPING ? 'mapping' : 'sequence',
        path,
        index: 0
      })
    } else if (event.type === yaml.EVENT_ID.POP) {
      stack.pop()
    } else if (event.type === yaml.EVENT_ID.ALIAS) {
      childPath(event.anchorStart)
    }
  }
  return offsets
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
  let offsets: Map<string, number>
  try {
    const events = yaml.parseEvents(source, { filename: file })
    value = construct(file, source, events, line)
    offsets = positions(source, events)
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
      for (let depth = path.length; depth >= 0; depth--) {
        const offset = offsets.get(key(path.slice(0, depth)))
        if (offset !== undefined) return line(offset)
      }
      return { line: 1, column: 1 }
    }
  }
}
