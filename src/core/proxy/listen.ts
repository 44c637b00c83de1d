/**
 * Listeners: starting and stopping a proxy's (the bound port, or the listen error such as
 * EADDRINUSE), and checking whether anything accepts connections on an address.
 */
import net from 'node:net'

/** Listens on host:port (0 picks a free port); resolves with the bound port. */
export function listenOn(server: net.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve((server.address() as net.AddressInfo).port)
    })
  })
}

/** Stops listening; resolves once the server is closed. */
export function closeServer(server: net.Server | null): Promise<void> {
  return new Promise(resolve => (server ? server.close(() => resolve()) : resolve()))
}

/** Tries to connect; resolves with the error code (ECONNREFUSED …), 'timeout' or 'connected'. */
export function tryConnect(
  address: { host: string; port: number },
  timeoutMs = 1000
): Promise<string> {
  return new Promise(resolve => {
    const socket = net.connect(address.port, address.host)
    const done = (result: string): void => {
      clearTimeout(timer)
      socket.destroy()
      resolve(result)
    }
    const timer = setTimeout(() => done('timeout'), timeoutMs)
    socket.once('connect', () => done('connected'))
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? 'error'))
  })
}
