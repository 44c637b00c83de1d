/**
 * Where a connection failure went: the host its line names, or else the nearest one named just
 * before it (curl prints the URL on the command line above `curl: (52) Empty reply from server`).
 * A reset, a timeout or a 5xx from this machine is the service under test not up yet, not the
 * network between CI and a remote host.
 */

/** This machine, as logs name it. */
const LOCAL_HOST = /^(localhost|127(\.\d{1,3}){3}|0\.0\.0\.0|::1|\[::1\]|host\.docker\.internal)$/i

/** A host in a URL, in `host='x'` / `host: x`, or an address with a port (`127.0.0.1:5432`). */
const HOST =
  /\b[a-z][\w+.-]*:\/\/(?:[^@/\s'"]*@)?(\[[^\]\s]+\]|[^/:\s'"?#)]+)|\bhost(?:name)?\s*[=:]\s*['"]?([\w.-]+)|(?<![\w.])(localhost|\d{1,3}(?:\.\d{1,3}){3}|\[::1\])(?=:\d+\b)/gi

/** Lines above the failing one searched for its host. */
const LOOK_BACK = 3

function hostsOf(line: string): string[] {
  return [...line.matchAll(HOST)].map(m => (m[1] ?? m[2] ?? m[3]!).replace(/^\[|\]$/g, ''))
}

/**
 * Whether the failure on `lineNumber` (1-based) of `text` went to this machine: its own line names
 * only local hosts, or it names none and the nearest line above that names one names a local host.
 */
export function failedOnThisMachine(text: string, lineNumber: number): boolean {
  const lines = text.split('\n')
  for (let i = lineNumber - 1; i >= Math.max(0, lineNumber - 1 - LOOK_BACK); i--) {
    const hosts = hostsOf(lines[i] ?? '')
    if (hosts.length === 0) continue
    return hosts.every(host => LOCAL_HOST.test(host.replace(/^\[|\]$/g, '')))
  }
  return false
}
