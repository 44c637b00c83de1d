/** The requests the traffic generator sends, in turn: method, path, body and headers. */
import { UserError } from '../errors.js'

export interface TrafficRequest {
  method: string
  /** Path and query, starting with `/`. */
  path: string
  body?: string
  headers?: Record<string, string>
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/**
 * Parses one request line, `[METHOD] /path [body]`, as the `requests` input writes them, one per line:
 * `GET /health` or `POST /orders {"sku": 1}`. `input` names the input in errors.
 */
export function parseRequestLine(line: string, input: string): TrafficRequest {
  const text = line.trim()
  const match = /^(?:([A-Za-z]+)\s+)?(\/\S*)(?:\s+(.+))?$/.exec(text)
  const method = (match?.[1] ?? 'GET').toUpperCase()
  if (!match || !METHODS.includes(method))
    throw new UserError(
      `'${text}' is not a request line.`,
      `Write one request per line as METHOD /path [body], e.g. GET /health or POST /orders {"id": 1}; methods: ${METHODS.join(', ')}.`,
      { input }
    )
  const body = match[3]
  return {
    method,
    path: match[2]!,
    ...(body !== undefined
      ? {
          body,
          headers: {
            'content-type':
              body.startsWith('{') || body.startsWith('[') ? 'application/json' : 'text/plain'
          }
        }
      : {})
  }
}
