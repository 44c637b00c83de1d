/** Starting and stopping a proxy's listener: the bound port, or the listen error (EADDRINUSE …). */
import type net from 'node:net'

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
