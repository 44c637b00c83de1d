/**
 * One HTTP GET with a hard deadline over the whole exchange (connect, headers and body), on a fresh
 * connection each time so a dead keep-alive socket never hides a restart. Bodies are read up to a cap.
 */
import http from 'node:http'
import https from 'node:https'

/** What a probe saw: the status and (the start of) the body. */
export interface HttpResponse {
  status: number
  body: string
}

/** Why a request produced no response. `timeout` means the deadline passed. */
export class HttpFailure extends Error {
  constructor(
    readonly kind: 'timeout' | 'refused' | 'network',
    message: string
  ) {
    super(message)
  }
}

/** The HTTP dependency of the health checker; tests and other drivers can swap it. */
export type HttpGet = (url: URL, timeoutMs: number) => Promise<HttpResponse>

const MAX_BODY_BYTES = 64 * 1024

function failureFrom(error: NodeJS.ErrnoException): HttpFailure {
  if (error.code === 'ECONNREFUSED') return new HttpFailure('refused', 'connection refused')
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN')
    return new HttpFailure('network', `host not found (${error.code})`)
  return new HttpFailure('network', error.code ? `${error.code}: ${error.message}` : error.message)
}

/** The real HttpGet on node:http/node:https. */
export const nodeHttpGet: HttpGet = (url, timeoutMs) =>
  new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http
    const request = client.get(url, {
      agent: false,
      headers: { 'user-agent': 'chaos-ci-health', accept: 'application/json, */*' }
    })
    const timer = setTimeout(() => {
      request.destroy(new HttpFailure('timeout', `no response within ${timeoutMs} ms`))
    }, timeoutMs)
    request.on('error', error => {
      clearTimeout(timer)
      reject(error instanceof HttpFailure ? error : failureFrom(error))
    })
    request.on('response', response => {
      const chunks: Buffer[] = []
      let size = 0
      response.on('data', (chunk: Buffer) => {
        if (size < MAX_BODY_BYTES) chunks.push(chunk)
        size += chunk.length
      })
      response.on('end', () => {
        clearTimeout(timer)
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY_BYTES)
        })
      })
      response.on('error', error => {
        clearTimeout(timer)
        reject(error instanceof HttpFailure ? error : failureFrom(error))
      })
    })
  })
