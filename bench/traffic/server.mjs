// The bench's target: a keep-alive HTTP server answering a small JSON body, in its own process.
// Prints its port on stdout.
import http from 'node:http'

const body = '{"status":"healthy"}'
const server = http.createServer({ keepAliveTimeout: 60_000 }, (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length })
  res.end(body)
})
server.listen(0, '127.0.0.1', () => console.log(server.address().port))
process.on('SIGTERM', () => process.exit(0))
