// A proxy in its own process, for the overhead bench: `bare` (a Node net pipe, the floor),
// `tcp` (chaos-ci's TcpProxy, no toxics) or `http` (chaos-ci's HttpFaultProxy, no fault).
// argv: <compiled dir> <kind> <upstream port>. Prints its port on stdout.
import net from 'node:net'
import path from 'node:path'

const [dir, kind, upstreamPort] = process.argv.slice(2)
const upstream = { host: '127.0.0.1', port: Number(upstreamPort) }
const listen = { host: '127.0.0.1', port: 0 }

if (kind === 'bare') {
  const server = net.createServer({ noDelay: true }, client => {
    const up = net.connect({ ...upstream, noDelay: true })
    client.pipe(up).pipe(client)
    client.on('error', () => up.destroy())
    up.on('error', () => client.destroy())
  })
  server.listen(0, '127.0.0.1', () => console.log(server.address().port))
} else {
  const module =
    kind === 'tcp'
      ? await import(path.join(dir, 'src/core/proxy/tcp-proxy.js'))
      : await import(path.join(dir, 'src/core/proxy/http-proxy.js'))
  const proxy =
    kind === 'tcp'
      ? new module.TcpProxy({ listen, upstream })
      : new module.HttpFaultProxy({ listen, upstream })
  const address = await proxy.start()
  console.log(address.port)
}
process.on('SIGTERM', () => process.exit(0))
