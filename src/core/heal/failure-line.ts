/** Facts read from the output line a failure was classified by: what is missing, where it dialled. */

/** The module a failure line says is missing, e.g. `ModuleNotFoundError: No module named 'yaml'`. */
export function missingModule(
  line: string | null
): { ecosystem: 'python' | 'node'; name: string } | undefined {
  const python = /No module named ['"]?([\w.]+)['"]?/.exec(line ?? '')
  if (python) return { ecosystem: 'python', name: python[1]! }
  const node = /Cannot find (?:module|package) ['"]([^'"]+)['"]/.exec(line ?? '')
  if (node && !node[1]!.startsWith('.') && !node[1]!.startsWith('/'))
    return {
      ecosystem: 'node',
      name: node[1]!.startsWith('@')
        ? node[1]!.split('/').slice(0, 2).join('/')
        : node[1]!.split('/')[0]!
    }
  return undefined
}

export interface Address {
  host: string
  port: number
}

/** How clients say which address refused them; host and port are the first two groups. */
const ADDRESS_PATTERNS: readonly RegExp[] = [
  // node: connect ECONNREFUSED 127.0.0.1:5432 (or ::1:5432)
  /ECONNREFUSED\s+(\S+):(\d{1,5})(?!\d)/,
  // go: dial tcp 127.0.0.1:6379: connect: connection refused
  /dial tcp[46]?\s+(\S+):(\d{1,5})(?!\d)/,
  // curl: Failed to connect to localhost port 8080
  /Failed to connect to (\S+?) port (\d{1,5})(?!\d)/,
  // libpq: connection to server at "127.0.0.1", port 5432 failed
  /server at "([^"]+)"(?: \([^)]*\))?, port (\d{1,5})(?!\d)/,
  // urllib3: HTTPConnectionPool(host='localhost', port=8000)
  /host='([^']+)', port=(\d{1,5})(?!\d)/
]

/** The address a connection-refused line names, or undefined when it names none. */
export function failingAddress(line: string | null): Address | undefined {
  for (const pattern of ADDRESS_PATTERNS) {
    const match = pattern.exec(line ?? '')
    const port = Number(match?.[2])
    if (match && port > 0 && port < 65536)
      return { host: match[1]!.replace(/^\[(.*)\]$/, '$1'), port }
  }
  return undefined
}

/** `host:port`, with brackets around an IPv6 host. */
export function formatAddress(address: Address): string {
  return address.host.includes(':')
    ? `[${address.host}]:${address.port}`
    : `${address.host}:${address.port}`
}

/** The file a configuration error names: a quoted path, or a word with a config extension. */
export function namedFile(line: string | null): string | undefined {
  const quoted = /['"`]([^'"`\s]*[/.][^'"`\s]+)['"`]/.exec(line ?? '')
  if (quoted && /[\w-]\.\w+$|\//.test(quoted[1]!)) return quoted[1]
  return /(?:^|\s)((?:[\w.-]+\/)*[\w.-]+\.(?:ya?ml|json|toml|ini|cfg|conf|env|xml|properties))\b/.exec(
    line ?? ''
  )?.[1]
}
