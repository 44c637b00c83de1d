/** How one request ended, by class: the error classes the traffic generator counts. */

export const ERROR_CLASSES = [
  'refused',
  'reset',
  'timeout',
  'http_5xx',
  'http_4xx',
  'other'
] as const
export type ErrorClass = (typeof ERROR_CLASSES)[number]

export type ErrorCounts = Record<ErrorClass, number>

export function noErrors(): ErrorCounts {
  return { refused: 0, reset: 0, timeout: 0, http_5xx: 0, http_4xx: 0, other: 0 }
}

/** The class of a status code; null for a success (1xx–3xx). */
export function statusClass(status: number): ErrorClass | null {
  if (status >= 500) return 'http_5xx'
  if (status >= 400) return 'http_4xx'
  return null
}

/** The class of a failed request from its error code. */
export function errorClass(error: NodeJS.ErrnoException): ErrorClass {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'refused'
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
    case 'HPE_INVALID_CONSTANT':
      return 'reset'
    case 'ETIMEDOUT':
    case 'CHAOS_CI_TIMEOUT':
      return 'timeout'
    default:
      return 'other'
  }
}
