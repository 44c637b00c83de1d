// The bench's target: a keep-alive HTTP server answering a small JSON body, in its own process
// (one event loop: its capacity is one core's). Prints its port on stdout. GET /__stats answers
// the connections it has accepted and the requests it has served so far, for the overload bench.
import http from 'node:http'

const body = '{"status":"healthy"}'
let connections = 0
let requests = 0
const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  if (req.url === '/__stats') return res.end(JSON.stringify({ connections, requests }))
  requests++
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length })
  res.end(body)
})
server.on('connection', () => connections++)
server.listen(0, '127.0.0.1', () => console.log(server.address().port))
process.on('SIGTERM', () => process.exit(0))
