// chaos-ci's open-loop generator in its own process:
//   argv <compiled dir> <url> <rate> <seconds> [max in flight]
// Prints a JSON summary: requests due and completed, successes, throughput, errors, latency
// percentiles (ms). The first second ramps the rate up and is not counted.
import path from 'node:path'

const [dir, url, rate, seconds, maxInFlight] = process.argv.slice(2)
const { TrafficGenerator } = await import(path.join(dir, 'src/core/traffic/generator.js'))
const { summarize } = await import(path.join(dir, 'src/core/traffic/latency.js'))
const clock = { now: () => performance.now() }
const traffic = new TrafficGenerator(
  {
    url: new URL(url),
    requests: [{ method: 'GET', path: '/' }],
    rate: Number(rate),
    timeoutMs: 5000,
    sliceMs: 1000,
    rampMs: 1000,
    ...(maxInFlight ? { maxInFlight: Number(maxInFlight) } : {})
  },
  clock
)
traffic.phase('warmup')
await new Promise(resolve => setTimeout(resolve, 1000))
const phase = traffic.phase('run')
await new Promise(resolve => setTimeout(resolve, Number(seconds) * 1000))
await traffic.stop()
const latency = summarize(phase.histogram)
const errors = Object.values(phase.errors).reduce((a, b) => a + b, 0)
const lag = summarize(phase.lag)
console.log(
  JSON.stringify({
    due: Number(rate) * Number(seconds),
    completed: latency.count,
    ok: phase.ok,
    throughput: latency.count / Number(seconds),
    ok_per_second: phase.ok / Number(seconds),
    errors,
    lag_p99: lag.p99,
    ...latency
  })
)
