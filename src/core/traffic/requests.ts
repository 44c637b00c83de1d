/** The requests the traffic generator sends, in turn: method, path, body and headers. */
import { UserError } from '../errors.js'
import { errorAt, isRecord, mappingAt, sequenceAt, stringAt, valueAt } from '../yaml/fields.js'
import { loadLocated } from '../yaml/located.js'

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

/**
 * Parses the `requests` input: request lines (one per line), or a YAML list of
 * `{method, path, body, headers}` when headers are needed, e.g.
 * `- {method: POST, path: /orders, body: {"id": 1}, headers: {authorization: Bearer …}}`.
 */
export function parseRequests(raw: string | undefined, input: string): TrafficRequest[] {
  const text = (raw ?? '').trim()
  if (text === '') return []
  if (!text.startsWith('-') && !text.startsWith('['))
    return text
      .split(/\r?\n/)
      .map(line => line.trim())
      .filter(line => line !== '' && !line.startsWith('#'))
      .map(line => parseRequestLine(line, input))
  const doc = loadLocated(`input '${input}'`, text)
  return sequenceAt(doc, []).map((_, i) => {
    mappingAt(doc, [i], ['method', 'path', 'body', 'headers'])
    const method = (stringAt(doc, [i, 'method']) ?? 'GET').toUpperCase()
    const path = stringAt(doc, [i, 'path'], true)
    if (!METHODS.includes(method) || !path.startsWith('/'))
      throw errorAt(
        doc,
        [i],
        `'${method} ${path}' is not a request.`,
        `Give path starting with / and a method among ${METHODS.join(', ')}.`
      )
    const rawBody = valueAt(doc, [i, 'body'])
    const body =
      rawBody === undefined || rawBody === null
        ? undefined
        : typeof rawBody === 'string'
          ? rawBody
          : JSON.stringify(rawBody)
    const rawHeaders = valueAt(doc, [i, 'headers']) ?? {}
    if (
      !isRecord(rawHeaders) ||
      !Object.values(rawHeaders).every(v => typeof v === 'string' || typeof v === 'number')
    )
      throw errorAt(
        doc,
        [i, 'headers'],
        'headers must be a mapping of header names to values.',
        'Write headers: {authorization: "Bearer …", x-tenant: demo}.'
      )
    const headers: Record<string, string> = {
      ...(body !== undefined
        ? { 'content-type': typeof rawBody === 'string' ? 'text/plain' : 'application/json' }
        : {}),
      ...Object.fromEntries(Object.entries(rawHeaders).map(([k, v]) => [k, String(v)]))
    }
    return {
      method,
      path,
      ...(body !== undefined ? { body } : {}),
      ...(Object.keys(headers).length ? { headers } : {})
    }
  })
}
