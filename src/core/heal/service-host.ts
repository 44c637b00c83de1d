/**
 * Where a connection failure went: the host its line names, or else the nearest one named just
 * before it (curl prints the URL on the command line above `curl: (52) Empty reply from server`).
 * A reset, a timeout or a 5xx from this machine is the service under test not up yet, not the
 * network between CI and a remote host; a refusal from a host on the internet is the network, not
 * the service under test.
 */

/** This machine, as logs name it. */
const LOCAL_HOST = /^(localhost|127(\.\d{1,3}){3}|0\.0\.0\.0|::1|\[::1\]|host\.docker\.internal)$/i

/**
 * A host in a URL, in `host='x'` / `host: x`, before a port (`127.0.0.1:5432`, `db.example.org:5432`,
 * but not a stack frame's `Socket.java:589`), or in curl's `Failed to connect to HOST port N`.
 */
const HOST =
  /\b[a-z][\w+.-]*:\/\/(?:[^@/\s'"]*@)?(\[[^\]\s]+\]|[^/:\s'"?#)]+)|\bhost(?:name)?\s*[=:]\s*['"]?([\w.-]+)|(?<![\w.])(localhost|\d{1,3}(?:\.\d{1,3}){3}|\[::1\]|[a-z][\w-]*(?:\.[\w-]+)*\.(?!(?:java|kt|scala|groovy|go|py|pyx|rb|rs|c|cc|cpp|h|hpp|cs|fs|js|mjs|cjs|ts|tsx|jsx|php|swift|ex|exs|erl|dart|lua|pl|sh|ya?ml|json|toml|xml|gradle|tf)\b)[a-z]{2,24})(?=:\d+\b)|\bto ([\w.-]+) port \d+/gi

/** Lines above the failing one searched for its host. */
const LOOK_BACK = 3

function hostsOf(line: string): string[] {
  return [...line.matchAll(HOST)].map(m => (m[1] ?? m[2] ?? m[3] ?? m[4]!).replace(/^\[|\]$/g, ''))
}

/**
 * A host on the internet: a dotted name (`static.crates.io`). Not an address, which may be the
 * runner's own network, and not a bare name (`postgres`, `redis`), which is a services: container.
 */
const REMOTE_HOST = /^(?=.*[a-z])(?!localhost$)[a-z\d-]+(\.[a-z\d-]+)+$/i

/** The hosts the failure on `lineNumber` (1-based) went to: its own line's, else the nearest above. */
function failureHosts(text: string, lineNumber: number): string[] {
  const lines = text.split('\n')
  for (let i = lineNumber - 1; i >= Math.max(0, lineNumber - 1 - LOOK_BACK); i--) {
    const hosts = hostsOf(lines[i] ?? '')
    if (hosts.length > 0) return hosts
  }
  return []
}

/** Whether the failure on `lineNumber` (1-based) of `text` went only to this machine. */
export function failedOnThisMachine(text: string, lineNumber: number): boolean {
  const hosts = failureHosts(text, lineNumber)
  return hosts.length > 0 && hosts.every(host => LOCAL_HOST.test(host))
}

/** Whether the failure on `lineNumber` (1-based) of `text` went only to hosts on the internet. */
export function failedOnRemoteHost(text: string, lineNumber: number): boolean {
  const hosts = failureHosts(text, lineNumber)
  return hosts.length > 0 && hosts.every(host => REMOTE_HOST.test(host))
}
