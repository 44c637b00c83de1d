#!/usr/bin/env node
// The demo service that `npm run demo` validates: a small JSON API with a liveness and a readiness
// endpoint. It needs nothing but Node. It listens on 127.0.0.1 only.
//   PORT            port to listen on (default 8000; 0 picks a free one)
//   READY_AFTER_MS  readiness answers 503 until this long after start (default 1000), like a warming cache
import http from 'node:http'

const port = Number(process.env.PORT ?? 8000)
const readyAfterMs = Number(process.env.READY_AFTER_MS ?? 1000)
const started = Date.now()
const items = [
  { id: 1, name: 'rice', stock: 120 },
  { id: 2, name: 'corn', stock: 80 }
]

function send(res, status, body) {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text)
  })
  res.end(text)
}

const server = http.createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname
  const uptime = Date.now() - started
  if (path === '/api/health') return send(res, 200, { status: 'healthy', uptime_ms: uptime })
  if (path === '/api/health/ready') {
    const ready = uptime >= readyAfterMs
    return send(res, ready ? 200 : 503, { ready, uptime_ms: uptime })
  }
  if (path === '/api/items') return send(res, 200, items)
  return send(res, 404, { error: 'not found', path })
})

server.listen(port, '127.0.0.1', () => {
  const address = server.address()
  console.log(`demo-service listening on http://127.0.0.1:${address.port}`)
})

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0))
    server.closeAllConnections()
  })
}
