// Sequential request latency over one kept-alive connection (Toxiproxy's own benchmark method):
// argv <port> <requests>. Each request is sent when the previous response is complete.
// Prints a JSON line: p50 and p99 in microseconds.
import net from 'node:net'

const [port, count] = process.argv.slice(2).map(Number)
const request = Buffer.from(`GET / HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n`)
const socket = net.connect({ port, host: '127.0.0.1', noDelay: true })
await new Promise(resolve => socket.once('connect', resolve))
const times = []
let buffer = Buffer.alloc(0)
let expected = -1
let started = 0n
let resolveOne
socket.on('data', chunk => {
  buffer = Buffer.concat([buffer, chunk])
  if (expected < 0) {
    const end = buffer.indexOf('\r\n\r\n')
    if (end < 0) return
    const length = Number(/content-length: (\d+)/i.exec(buffer.toString('latin1', 0, end))[1])
    expected = end + 4 + length
  }
  if (buffer.length >= expected) {
    times.push(Number(process.hrtime.bigint() - started) / 1000)
    buffer = Buffer.alloc(0)
    expected = -1
    resolveOne()
  }
})
for (let i = 0; i < count + 500; i++) {
  await new Promise(resolve => {
    resolveOne = resolve
    started = process.hrtime.bigint()
    socket.write(request)
  })
}
socket.destroy()
const sorted = times.slice(500).sort((a, b) => a - b)
const at = p => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
console.log(JSON.stringify({ p50: at(50), p99: at(99) }))
